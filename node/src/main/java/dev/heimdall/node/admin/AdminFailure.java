package dev.heimdall.node.admin;

/**
 * Why an admin request fails, as it is answered: the HTTP status, the error type, a message and the field of the
 * request body it concerns (null when none). Thrown inside the admin API and turned into its one error shape,
 * {@code {"error":{"type":..., "message":..., "field":...}}}, at the HTTP boundary.
 */
final class AdminFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String field;

    private AdminFailure(int status, String type, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.field = field;
    }

    static AdminFailure invalid(String field, String message) {
        return new AdminFailure(400, "invalid_request", message, field == null || field.isEmpty() ? null : field);
    }

    static AdminFailure unauthorized(String message) {
        return new AdminFailure(401, "unauthorized", message, null);
    }

    static AdminFailure forbidden(String message) {
        return new AdminFailure(403, "forbidden", message, null);
    }

    static AdminFailure notFound(String message) {
        return new AdminFailure(404, "not_found", message, null);
    }

    static AdminFailure methodNotAllowed(String message) {
        return new AdminFailure(405, "method_not_allowed", message, null);
    }

    static AdminFailure conflict(String message) {
        return new AdminFailure(409, "conflict", message, null);
    }

    static AdminFailure preconditionFailed(String message) {
        return new AdminFailure(412, "precondition_failed", message, null);
    }

    static AdminFailure tooLarge(String message) {
        return new AdminFailure(413, "payload_too_large", message, null);
    }

    static AdminFailure unsupportedMediaType(String message) {
        return new AdminFailure(415, "unsupported_media_type", message, null);
    }

    static AdminFailure internal() {
        return new AdminFailure(500, "internal_error", "Internal error in the admin API.", null);
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    String field() {
        return field;
    }
}
