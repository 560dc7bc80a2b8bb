"""Tests of the cell language: parser, shell-line scanner, is_complete."""
