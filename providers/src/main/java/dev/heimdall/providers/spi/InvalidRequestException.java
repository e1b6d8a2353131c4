package dev.heimdall.providers.spi;

/**
 * A client request that an ingress parser rejects before anything is sent upstream. The ingress renders it as a 400
 * in its own error shape (OpenAI: {@code invalid_request_error} with {@code param}).
 *
 * @see #param()
 */
public final class InvalidRequestException extends RuntimeException {

    private final String param;

    /**
     * @param param   the offending parameter as a path into the body ({@code messages[2].role}), or null when the
     *                body as a whole is wrong
     * @param message what is wrong, safe to show to the client
     */
    public InvalidRequestException(String param, String message) {
        super(message, null, false, false);
        this.param = param;
    }

    public String param() {
        return param;
    }
}
