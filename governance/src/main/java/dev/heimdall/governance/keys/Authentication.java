package dev.heimdall.governance.keys;

/** What a presented virtual-key secret turned out to be. */
public sealed interface Authentication {

    Unknown UNKNOWN = new Unknown();

    record Authenticated(KeyContext context) implements Authentication {
    }

    /** Every way a secret is refused (HTTP 401), each with a message for the client. */
    sealed interface Refused extends Authentication {
        String message();
    }

    /** No key has this secret, or it is a rotated-out secret whose grace period has ended. */
    record Unknown() implements Refused {

        @Override
        public String message() {
            return "invalid virtual key";
        }
    }

    record Disabled(VirtualKey key) implements Refused {

        @Override
        public String message() {
            return "virtual key '" + key.name() + "' is disabled";
        }
    }

    record Expired(VirtualKey key) implements Refused {

        @Override
        public String message() {
            return "virtual key '" + key.name() + "' expired at " + key.expiresAt();
        }
    }
}
