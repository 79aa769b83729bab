// SVG plots live here.
