package dev.heimdall.governance.store.json;

/**
 * A governance document that does not fit its entity. {@link #field()} is the path inside the document, such as
 * {@code budgets[0].usd} (empty for the document as a whole); the message never repeats a value the document holds
 * beyond ids and names.
 */
public final class DocumentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String problem;

    public DocumentException(String field, String problem) {
        super(field.isEmpty() ? problem : field + ": " + problem);
        this.field = field;
        this.problem = problem;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
