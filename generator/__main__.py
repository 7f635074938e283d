try:
    from generator.cli.main import console
except KeyboardInterrupt:  # Ctrl+C before Kopilka has even loaded: nothing started, nothing to say
    raise SystemExit(130) from None

console()
