package dev.heimdall.governance.guardrails.pii;

/** IPv6 address syntax (RFC 4291 text forms), plus the rule that an address in prose has a decimal digit. */
final class Ipv6 {

    private Ipv6() {
    }

    static boolean valid(CharSequence candidate) {
        String s = candidate.toString();
        int compressed = s.indexOf("::");
        if (compressed >= 0 && s.indexOf("::", compressed + 1) >= 0) {
            return false;
        }
        if (s.chars().filter(c -> c == ':').count() < 2 || s.chars().noneMatch(Character::isDigit)) {
            return false;
        }
        int groups;
        if (compressed < 0) {
            groups = groups(s, true);
        } else {
            int head = groups(s.substring(0, compressed), false);
            int tail = groups(s.substring(compressed + 2), true);
            groups = head < 0 || tail < 0 ? -1 : head + tail;
        }
        return compressed < 0 ? groups == 8 : groups >= 0 && groups <= 7;
    }

    /** The number of 16-bit groups in a colon-separated run (an IPv4 tail counts two), or -1 if malformed. */
    private static int groups(String run, boolean ipv4TailAllowed) {
        if (run.isEmpty()) {
            return 0;
        }
        String[] parts = run.split(":", -1);
        int groups = 0;
        for (int k = 0; k < parts.length; k++) {
            String part = parts[k];
            if (part.indexOf('.') >= 0) {
                if (!ipv4TailAllowed || k != parts.length - 1 || !ipv4(part)) {
                    return -1;
                }
                groups += 2;
            } else if (part.isEmpty() || part.length() > 4) {
                return -1;
            } else {
                groups++;
            }
        }
        return groups;
    }

    private static boolean ipv4(String dotted) {
        String[] octets = dotted.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || (octet.length() > 1 && octet.charAt(0) == '0')
                    || !octet.chars().allMatch(Character::isDigit) || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }
}
