from shared.runner import main

main(__package__)
