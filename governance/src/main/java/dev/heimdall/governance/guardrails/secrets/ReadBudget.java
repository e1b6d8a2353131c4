package dev.heimdall.governance.guardrails.secrets;

/**
 * The text as the rules see it, counting every character their regexes, entropy checks and allowlists read (a
 * sub-sequence shares the count). Java's regex engine backtracks, and a prompt is written by whoever holds a key:
 * some rules need time quadratic in the length of a crafted text, and an allowlist that tests the whole line runs
 * once per candidate match. Reading more than the budget stops the scan with {@link Exhausted}.
 */
final class ReadBudget implements CharSequence {

    /** Thrown when the budget is spent; carries no stack trace (it is control flow, and frequent under attack). */
    static final class Exhausted extends RuntimeException {
        Exhausted() {
            super("secret scan read budget exhausted", null, false, false);
        }
    }

    private static final Exhausted EXHAUSTED = new Exhausted();

    /** The reads left, shared by a text and its sub-sequences. */
    private static final class Remaining {
        long reads;
    }

    private final CharSequence text;
    private final Remaining remaining;

    ReadBudget(CharSequence text, long reads) {
        this(text, new Remaining());
        remaining.reads = reads;
    }

    private ReadBudget(CharSequence text, Remaining remaining) {
        this.text = text;
        this.remaining = remaining;
    }

    /**
     * A million reads plus 200 per character. The built-in rules read ordinary text one to three times per
     * character, and text crafted against them (a keyword repeated thousands of times) up to about 80 times; a rule
     * that goes quadratic needs thousands.
     */
    static long forLength(int length) {
        return 1_000_000L + 200L * length;
    }

    @Override
    public char charAt(int index) {
        if (--remaining.reads < 0) {
            throw EXHAUSTED;
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new ReadBudget(text.subSequence(start, end), remaining);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
