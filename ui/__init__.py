"""The Qt window of Article Editor: thin widgets that present ``editor`` objects."""
