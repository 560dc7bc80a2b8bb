"""The kernelspec files (kernel.json, logos) shipped with the package."""
