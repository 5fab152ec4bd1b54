"""Money: currencies and (later) invoice math, as plain functions."""
