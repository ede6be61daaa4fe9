"""The account pages carry no site data (see tutela.access.outputs)."""

from tutela.access.outputs import exempt

exempt("account-security", "the reader's own two-step login settings")
exempt("account-totp-enrol", "sets up the reader's own authenticator app")
exempt("account-totp-remove", "removes the reader's own authenticator app")
