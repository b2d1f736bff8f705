"""Vietnamese text classifiers on the CPU: hashed syllable and character n-gram features, linear models.

Every head shares one featuriser (features are computed once per text for all heads) and stores a weight matrix
(hash bucket × class) in a small compressed ``.npz`` next to this package, with its version and dev scores.
"""
