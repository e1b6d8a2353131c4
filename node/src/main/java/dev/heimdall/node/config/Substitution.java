package dev.heimdall.node.config;

import java.util.Map;

/**
 * Environment-variable substitution inside one string: {@code ${VAR}} is the variable's value, {@code ${VAR:-text}}
 * is its value or {@code text} when it is unset or empty, and {@code $$} is a literal {@code $}. A {@code $}
 * followed by anything else stays as it is. Substituted values are not scanned again.
 */
final class Substitution {

    /** Why a string could not be substituted; the message never holds a variable's value. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private final Map<String, String> env;

    Substitution(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** Whether {@code text} has anything to substitute, so that its raw form differs from its value. */
    static boolean hasReferences(String text) {
        return text.indexOf('$') >= 0;
    }

    String apply(String text) throws Failure {
        if (!hasReferences(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 == text.length()) {
                out.append(c);
                i++;
            } else if (text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (text.charAt(i + 1) == '{') {
                i = reference(text, i, out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Appends the value of the reference starting at {@code start} ({@code "${"}) and returns the index after it. */
    private int reference(String text, int start, StringBuilder out) throws Failure {
        int close = text.indexOf('}', start);
        if (close < 0) {
            throw new Failure("expected a closing } after \"${\" at character " + (start + 1) + ", got the end of the string");
        }
        String body = text.substring(start + 2, close);
        int dflt = body.indexOf(":-");
        String name = dflt < 0 ? body : body.substring(0, dflt);
        if (!isVariableName(name)) {
            throw new Failure("expected an environment variable name ([A-Za-z_][A-Za-z0-9_]*) in \"${" + body
                    + "}\", got \"" + name + "\"");
        }
        String value = env.get(name);
        if (dflt >= 0) {
            out.append(value == null || value.isEmpty() ? body.substring(dflt + 2) : value);
        } else if (value != null) {
            out.append(value);
        } else {
            throw new Failure("environment variable " + name + " is not set (write ${" + name
                    + ":-default} to give a default)");
        }
        return close + 1;
    }

    private static boolean isVariableName(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }
}
