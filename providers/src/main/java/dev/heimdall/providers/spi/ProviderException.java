package dev.heimdall.providers.spi;

/** Carries a {@link ProviderError} out of code that cannot return it, such as a decoder. */
public final class ProviderException extends RuntimeException {

    private final ProviderError error;

    public ProviderException(ProviderError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public ProviderError error() {
        return error;
    }
}
