package dev.heimdall.governance.guardrails.pii;

import dev.heimdall.governance.guardrails.Category;
import dev.heimdall.governance.guardrails.Detector;
import dev.heimdall.governance.guardrails.Match;
import dev.heimdall.governance.guardrails.MatchSink;

import java.util.List;

/**
 * Personal data in one pass over the text, without regular expressions: each character is a cheap trigger (an
 * {@code @}, a {@code +}, a digit or an upper-case letter at the start of a word) and only a trigger runs the
 * check for the formats that can start there. Numbers must carry their structure to count: separators for phone
 * numbers and social security numbers, a checksum for cards and IBANs, so a plain long number is none of them.
 * <ul>
 *   <li>{@code email}: local part, {@code @}, a domain of two labels or more ending in a letters-only top level
 *       (the user-info of a URL such as {@code https://user:pw@host} is not an address)</li>
 *   <li>{@code phone-number}: {@code +} and 8 to 15 digits in groups; US numbers {@code (415) 555-2671},
 *       {@code 415-555-2671}, {@code 415.555.2671}, {@code 1 415 555 2671} with valid area and exchange codes</li>
 *   <li>{@code credit-card}: 13 to 19 digits, optionally grouped by spaces or dashes, with an issuer's prefix and
 *       length and a valid Luhn digit</li>
 *   <li>{@code iban}: country code, the country's length, groups of four, mod-97 checksum</li>
 *   <li>{@code us-ssn}: {@code 123-45-6789} (or spaces) in the issued ranges: area not 000, 666 or 900-999, group
 *       and serial not zero</li>
 *   <li>{@code ipv4}: four octets of 0-255 without leading zeros, not part of a longer dotted number</li>
 *   <li>{@code ipv6}: full, compressed ({@code ::}) or with an IPv4 tail, and at least one decimal digit, so that
 *       words like {@code add::bad} stay words</li>
 * </ul>
 */
public final class PiiDetector implements Detector {

    public static final String EMAIL = "email";
    public static final String PHONE = "phone-number";
    public static final String CREDIT_CARD = "credit-card";
    public static final String IBAN = "iban";
    public static final String US_SSN = "us-ssn";
    public static final String IPV4 = "ipv4";
    public static final String IPV6 = "ipv6";
    public static final List<String> RULES = List.of(EMAIL, PHONE, CREDIT_CARD, IBAN, US_SSN, IPV4, IPV6);

    @Override
    public void detect(CharSequence text, MatchSink sink) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            int next = i + 1;
            if (c == '@') {
                email(text, i, sink);
            } else if (startOfWord(text, i)) {
                if (c == '+') {
                    next = report(sink, PHONE, i, internationalPhoneEnd(text, i), next);
                } else if (c == '(') {
                    next = report(sink, PHONE, i, usPhoneEnd(text, i), next);
                } else if (digit(c)) {
                    next = number(text, i, sink);
                } else {
                    next = word(text, i, sink);
                }
            }
            i = next;
        }
    }

    private static int report(MatchSink sink, String rule, int start, int end, int otherwise) {
        if (end < 0) {
            return otherwise;
        }
        sink.match(Match.of(rule, Category.PII, start, end));
        return end;
    }

    /**
     * A digit at the start of a word: the number formats, most specific first, each tried only when the first run of
     * digits and the character after it fit it (most numbers in a prompt are short and fit none).
     */
    private static int number(CharSequence text, int i, MatchSink sink) {
        int n = text.length();
        int p = i;
        while (p < n && digit(text.charAt(p))) {
            p++;
        }
        int run = p - i;
        char after = p < n ? text.charAt(p) : 0;
        int end;
        if (after == ':' || (run <= 4 && colonWithin(text, i))) {
            if ((end = ipv6End(text, i)) >= 0) {
                return report(sink, IPV6, i, end, -1);
            }
        }
        if (after == '.' && run <= 3 && (end = ipv4End(text, i)) >= 0) {
            return report(sink, IPV4, i, end, -1);
        }
        if (run == 3 && (after == '-' || after == ' ') && (end = ssnEnd(text, i)) >= 0) {
            return report(sink, US_SSN, i, end, -1);
        }
        if (run >= 4 && (end = cardEnd(text, i)) >= 0) {
            return report(sink, CREDIT_CARD, i, end, -1);
        }
        if ((run == 3 || run == 1) && separator(after) && (end = usPhoneEnd(text, i)) >= 0) {
            return report(sink, PHONE, i, end, -1);
        }
        return p;
    }

    /** A letter or colon at the start of a word: an IPv6 address starting with a hex letter, or an IBAN. */
    private static int word(CharSequence text, int i, MatchSink sink) {
        char c = text.charAt(i);
        int end;
        if ((hex(c) || c == ':') && colonWithin(text, i) && (end = ipv6End(text, i)) >= 0) {
            return report(sink, IPV6, i, end, i + 1);
        }
        if (c >= 'A' && c <= 'Z' && (end = ibanEnd(text, i)) >= 0) {
            return report(sink, IBAN, i, end, i + 1);
        }
        return i + 1;
    }

    private static void email(CharSequence text, int at, MatchSink sink) {
        int start = at;
        while (start > 0 && at - start < 64 && localPart(text.charAt(start - 1))) {
            start--;
        }
        while (start < at && text.charAt(start) == '.') {
            start++;
        }
        if (start == at || text.charAt(at - 1) == '.' || urlUserInfo(text, start)) {
            return;
        }
        int n = text.length();
        int p = at + 1;
        int labels = 0;
        int lastLabel = p;
        int end = p;
        while (true) {
            int labelStart = p;
            while (p < n && (letterOrDigit(text.charAt(p)) || text.charAt(p) == '-') && p - labelStart < 63) {
                p++;
            }
            if (p == labelStart || text.charAt(labelStart) == '-' || text.charAt(p - 1) == '-') {
                break;
            }
            labels++;
            lastLabel = labelStart;
            end = p;
            if (p + 1 < n && text.charAt(p) == '.' && letterOrDigit(text.charAt(p + 1))) {
                p++;
            } else {
                break;
            }
        }
        if (labels < 2 || end - lastLabel < 2) {
            return;
        }
        for (int k = lastLabel; k < end; k++) {
            if (!letter(text.charAt(k))) {
                return;
            }
        }
        sink.match(Match.of(EMAIL, Category.PII, start, end));
    }

    /** {@code scheme://user:password@host} or {@code scheme://user@host}: credentials in a URL, not an address. */
    private static boolean urlUserInfo(CharSequence text, int localStart) {
        if (localStart == 0) {
            return false;
        }
        char before = text.charAt(localStart - 1);
        if (before != ':' && before != '/') {
            return false;
        }
        for (int p = localStart - 1; p >= 2 && !Character.isWhitespace(text.charAt(p)); p--) {
            if (text.charAt(p) == '/' && text.charAt(p - 1) == '/' && text.charAt(p - 2) == ':') {
                return true;
            }
        }
        return false;
    }

    private static int internationalPhoneEnd(CharSequence text, int plus) {
        int n = text.length();
        if (plus + 1 >= n || text.charAt(plus + 1) < '1' || text.charAt(plus + 1) > '9') {
            return -1;
        }
        int p = plus + 1;
        int digits = 0;
        int best = -1;
        while (p < n) {
            boolean paren = text.charAt(p) == '(';
            int q = paren ? p + 1 : p;
            int runStart = q;
            while (q < n && digit(text.charAt(q))) {
                q++;
            }
            if (q == runStart || digits + (q - runStart) > 15) {
                break;
            }
            if (paren) {
                if (q >= n || text.charAt(q) != ')') {
                    break;
                }
                q++;
            }
            digits += q - runStart - (paren ? 1 : 0);
            p = q;
            if (digits >= 8) {
                best = p;
            }
            if (p + 1 < n && separator(text.charAt(p)) && (digit(text.charAt(p + 1)) || text.charAt(p + 1) == '(')) {
                p++;
            } else if (p >= n || text.charAt(p) != '(') {
                break;
            }
        }
        return best >= 0 && endOfWord(text, best) ? best : -1;
    }

    /** {@code (415) 555-2671}, {@code 415-555-2671}, {@code 1 415 555 2671}: separators required. */
    private static int usPhoneEnd(CharSequence text, int i) {
        int n = text.length();
        int p = i;
        if (text.charAt(p) == '1' && p + 1 < n && (separator(text.charAt(p + 1)) || text.charAt(p + 1) == '(')) {
            p += text.charAt(p + 1) == '(' ? 1 : 2;
        }
        if (p < n && text.charAt(p) == '(') {
            if (!nanpCode(text, p + 1) || p + 4 >= n || text.charAt(p + 4) != ')') {
                return -1;
            }
            p += 5;
            if (p < n && separator(text.charAt(p))) {
                p++;
            }
        } else {
            if (!nanpCode(text, p) || p + 3 >= n || !separator(text.charAt(p + 3))) {
                return -1;
            }
            p += 4;
        }
        if (!nanpCode(text, p) || p + 3 >= n || !separator(text.charAt(p + 3)) || !digits(text, p + 4, 4)) {
            return -1;
        }
        p += 8;
        return endOfNumber(text, p) ? p : -1;
    }

    private static int ssnEnd(CharSequence text, int i) {
        int n = text.length();
        if (i + 11 > n || !digits(text, i, 3) || !digits(text, i + 4, 2) || !digits(text, i + 7, 4)) {
            return -1;
        }
        char separator = text.charAt(i + 3);
        if ((separator != '-' && separator != ' ') || text.charAt(i + 6) != separator) {
            return -1;
        }
        int area = value(text, i, 3);
        if (area == 0 || area == 666 || area >= 900 || value(text, i + 4, 2) == 0 || value(text, i + 7, 4) == 0) {
            return -1;
        }
        return endOfNumber(text, i + 11) ? i + 11 : -1;
    }

    private static int cardEnd(CharSequence text, int i) {
        int n = text.length();
        int count = 0;
        int[] groupEnds = new int[19];
        int[] groupDigits = new int[19];
        int groups = 0;
        int p = i;
        while (true) {
            int runStart = p;
            while (p < n && digit(text.charAt(p))) {
                p++;
            }
            int run = p - runStart;
            if (count + run > 19) {
                if (groups == 0) {
                    return -1;
                }
                break;
            }
            count += run;
            groupEnds[groups] = p;
            groupDigits[groups++] = count;
            if (p + 1 < n && (text.charAt(p) == ' ' || text.charAt(p) == '-') && digit(text.charAt(p + 1))) {
                p++;
            } else {
                break;
            }
        }
        if (count < 13) {
            return -1;
        }
        StringBuilder digits = new StringBuilder(count);
        for (int k = i; k < groupEnds[groups - 1]; k++) {
            if (digit(text.charAt(k))) {
                digits.append(text.charAt(k));
            }
        }
        for (int g = groups - 1; g >= 0; g--) {
            if (groupDigits[g] >= 13 && endOfWord(text, groupEnds[g])
                    && CardNumbers.valid(digits.subSequence(0, groupDigits[g]))) {
                return groupEnds[g];
            }
        }
        return -1;
    }

    private static int ipv4End(CharSequence text, int i) {
        int n = text.length();
        int p = i;
        for (int octet = 0; octet < 4; octet++) {
            int start = p;
            int value = 0;
            while (p < n && digit(text.charAt(p)) && p - start < 3) {
                value = value * 10 + (text.charAt(p) - '0');
                p++;
            }
            if (p == start || (p - start > 1 && text.charAt(start) == '0') || value > 255
                    || (p < n && digit(text.charAt(p)))) {
                return -1;
            }
            if (octet < 3) {
                if (p + 1 >= n || text.charAt(p) != '.') {
                    return -1;
                }
                p++;
            }
        }
        return endOfNumber(text, p) ? p : -1;
    }

    private static int ipv6End(CharSequence text, int i) {
        int n = text.length();
        int end = i;
        while (end < n && (hex(text.charAt(end)) || text.charAt(end) == ':' || text.charAt(end) == '.')) {
            end++;
        }
        if (end < n && (letterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
            return -1;
        }
        while (end > i && text.charAt(end - 1) == '.') {
            end--;
        }
        if (end - i > 1 && text.charAt(end - 1) == ':' && text.charAt(end - 2) != ':') {
            end--;
        }
        return Ipv6.valid(text.subSequence(i, end)) ? end : -1;
    }

    private static int ibanEnd(CharSequence text, int i) {
        int n = text.length();
        if (i + 4 > n || !upper(text.charAt(i + 1)) || !digits(text, i + 2, 2)) {
            return -1;
        }
        int expected = Iban.length(text.subSequence(i, i + 2));
        if (expected == 0) {
            return -1;
        }
        StringBuilder compact = new StringBuilder(expected);
        int p = i;
        while (p < n && compact.length() < expected) {
            char c = text.charAt(p);
            if (upper(c) || digit(c)) {
                compact.append(c);
                p++;
            } else if (c == ' ' && compact.length() % 4 == 0 && p + 1 < n
                    && (upper(text.charAt(p + 1)) || digit(text.charAt(p + 1)))) {
                p++;
            } else {
                break;
            }
        }
        if (compact.length() != expected || !endOfWord(text, p) || !Iban.checksumValid(compact)) {
            return -1;
        }
        return p;
    }

    private static boolean startOfWord(CharSequence text, int i) {
        if (i == 0) {
            return true;
        }
        char before = text.charAt(i - 1);
        return !(letterOrDigit(before) || before == '_' || before == '.' || before == ':' || before == '+');
    }

    private static boolean endOfWord(CharSequence text, int end) {
        return end >= text.length() || !(letterOrDigit(text.charAt(end)) || text.charAt(end) == '_');
    }

    /** The end of a number, not a stretch of a longer one such as {@code 1.2.3.4.5} or {@code 123-45-6789-0}. */
    private static boolean endOfNumber(CharSequence text, int end) {
        if (!endOfWord(text, end)) {
            return false;
        }
        return end + 1 >= text.length() || !((text.charAt(end) == '.' || text.charAt(end) == '-')
                && digit(text.charAt(end + 1)));
    }

    private static boolean colonWithin(CharSequence text, int i) {
        for (int p = i; p < text.length() && p < i + 5; p++) {
            if (text.charAt(p) == ':') {
                return true;
            }
        }
        return false;
    }

    /** A North American area or exchange code: three digits, the first 2-9. */
    private static boolean nanpCode(CharSequence text, int p) {
        return digits(text, p, 3) && text.charAt(p) >= '2';
    }

    private static boolean digits(CharSequence text, int p, int count) {
        if (p < 0 || p + count > text.length()) {
            return false;
        }
        for (int k = p; k < p + count; k++) {
            if (!digit(text.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static int value(CharSequence text, int p, int count) {
        int v = 0;
        for (int k = p; k < p + count; k++) {
            v = v * 10 + (text.charAt(k) - '0');
        }
        return v;
    }

    private static boolean separator(char c) {
        return c == ' ' || c == '-' || c == '.';
    }

    private static boolean localPart(char c) {
        return letterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean upper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean letter(char c) {
        return (c >= 'a' && c <= 'z') || upper(c);
    }

    private static boolean letterOrDigit(char c) {
        return c < 128 ? letter(c) || digit(c) : Character.isLetterOrDigit(c);
    }

    private static boolean hex(char c) {
        return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
