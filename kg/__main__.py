"""``python -m kg`` runs the command-line interface."""
from kg.cli import cli

if __name__ == "__main__":    # not when a spawned worker process imports this module as its main
    cli()
