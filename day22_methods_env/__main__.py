from pydantic import ValidationError

from shared.runner import main
from shared.settings import ConfigurationError

try:
    main(__package__)
except (ConfigurationError, ValidationError) as refused:
    # Settings that cannot start the app: say why without a traceback. The messages name
    # variables, never values (ConfigurationError by design, ValidationError because every
    # settings class here has hide_input_in_errors). The runner lets an exception from the
    # app factory through as it is, traceback and all.
    raise SystemExit(f"error: {refused}") from None
