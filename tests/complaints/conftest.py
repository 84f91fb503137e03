# The customer, products, users and English service messages of the sales tests.
from tests.sales.conftest import *  # noqa: F403
from tests.sales.conftest import _english_messages  # noqa: F401 - autouse; `import *` skips private names
