"""The cpkit tests share the helpers of tests/cpkit/bad_input.py (imported as ``bad_input``)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
