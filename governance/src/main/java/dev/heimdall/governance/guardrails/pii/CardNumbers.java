package dev.heimdall.governance.guardrails.pii;

/**
 * Payment card numbers: an issuer's prefix with one of its lengths, and a valid Luhn check digit. Requiring both
 * keeps order numbers and other long numbers out (one random 16-digit number in ten passes Luhn alone).
 */
final class CardNumbers {

    private CardNumbers() {
    }

    /** Whether the digits (no separators) are a plausible card number. */
    static boolean valid(CharSequence digits) {
        return issuedLength(digits) && luhn(digits);
    }

    static boolean luhn(CharSequence digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** Visa, Mastercard, American Express, Discover, Diners Club, JCB and UnionPay prefixes and lengths. */
    private static boolean issuedLength(CharSequence digits) {
        int length = digits.length();
        int p1 = prefix(digits, 1);
        int p2 = prefix(digits, 2);
        int p3 = prefix(digits, 3);
        int p4 = prefix(digits, 4);
        int p6 = prefix(digits, 6);
        if (p1 == 4) {
            return length == 13 || length == 16 || length == 19;
        }
        if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
            return length == 16;
        }
        if (p2 == 34 || p2 == 37) {
            return length == 15;
        }
        boolean sixteenToNineteen = length >= 16 && length <= 19;
        if (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) {
            return sixteenToNineteen;
        }
        if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39) {
            return length >= 14 && length <= 19;
        }
        if (p4 >= 3528 && p4 <= 3589) {
            return sixteenToNineteen;
        }
        return p2 == 62 && sixteenToNineteen;
    }

    private static int prefix(CharSequence digits, int count) {
        int value = 0;
        for (int i = 0; i < count && i < digits.length(); i++) {
            value = value * 10 + (digits.charAt(i) - '0');
        }
        return value;
    }
}
