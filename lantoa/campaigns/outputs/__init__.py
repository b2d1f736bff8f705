"""What the platform produces itself from a campaign's content: a commune-radio script and its audio
(``radio``), LED-screen slides (``slides``) and a printable tri-fold leaflet (``leaflet``). Each function takes plain
text and returns text or bytes; the campaign pages store or serve the result (see doc/outputs.md)."""
