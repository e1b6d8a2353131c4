package dev.heimdall.governance.guardrails.pii;

import dev.heimdall.governance.guardrails.Match;
import dev.heimdall.governance.guardrails.MatchSink;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each kind of personal data found where it is, and the look-alikes that are not it left alone. */
class PiiDetectorTest {

    private final PiiDetector detector = new PiiDetector();

    /** What was found, as "rule:matched text". */
    private List<String> found(String text) {
        List<String> found = new ArrayList<>();
        detector.detect(text, new MatchSink() {
            @Override
            public void match(Match m) {
                found.add(m.ruleId() + ":" + text.substring(m.start(), m.end()));
            }

            @Override
            public void rejected(int start, int end) {
            }
        });
        return found;
    }

    @Test
    void emailAddresses() {
        assertThat(found("Mail jane.doe+invoices@mail.example.co.uk today.")).containsExactly("email:jane.doe+invoices@mail.example.co.uk");
        assertThat(found("<ops@example.org>, mailto:sales@example.com")).containsExactly("email:ops@example.org", "email:sales@example.com");
        assertThat(found("user@localhost, @handle, a@b.c, x@host.123, me@-bad.com")).isEmpty();
        assertThat(found("https://admin:hunter2@db.example.com/x and ssh://git@example.com/repo")).isEmpty();
    }

    @Test
    void phoneNumbers() {
        assertThat(found("Call +49 30 901820 or +1 (415) 555-2671.")).containsExactly("phone-number:+49 30 901820", "phone-number:+1 (415) 555-2671");
        assertThat(found("US: (415) 555-2671, 415-555-2671, 415.555.2671, 1 415 555 2671"))
                .containsExactly("phone-number:(415) 555-2671", "phone-number:415-555-2671", "phone-number:415.555.2671",
                        "phone-number:1 415 555 2671");
        assertThat(found("+4930901820 is fine too")).containsExactly("phone-number:+4930901820");
    }

    @Test
    void plainLongNumbersAreNotPhoneNumbers() {
        assertThat(found("Order 4155552671 shipped; ref 123-456-7890 (area code 1xx); +12 only; 2024-11-25")).isEmpty();
        assertThat(found("+1234567 is too short, +1234567890123456 too long")).isEmpty();
    }

    @Test
    void paymentCardsWithAValidIssuerLengthAndLuhnDigit() {
        assertThat(found("Visa 4111 1111 1111 1111, exp 12/29")).containsExactly("credit-card:4111 1111 1111 1111");
        assertThat(found("mc=5555-5555-5555-4444; amex 378282246310005; discover 6011111111111117"))
                .containsExactly("credit-card:5555-5555-5555-4444", "credit-card:378282246310005", "credit-card:6011111111111117");
        assertThat(found("card 4111 1111 1111 1111 2029")).containsExactly("credit-card:4111 1111 1111 1111");
    }

    @Test
    void numbersThatFailLuhnOrFitNoIssuerAreNotCards() {
        assertThat(found("4111 1111 1111 1112, 1234567812345670, 41111111111111111111111")).isEmpty();
    }

    @Test
    void ibansWithTheirCountryLengthAndChecksum() {
        assertThat(found("Pay to DE89 3704 0044 0532 0130 00 please")).containsExactly("iban:DE89 3704 0044 0532 0130 00");
        assertThat(found("IBAN GB82WEST12345698765432.")).containsExactly("iban:GB82WEST12345698765432");
        assertThat(found("DE89 3704 0044 0532 0130 01, DE89370400440532013, XX89370400440532013000")).isEmpty();
    }

    @Test
    void usSocialSecurityNumbersInTheIssuedRanges() {
        assertThat(found("SSN: 123-45-6789.")).containsExactly("us-ssn:123-45-6789");
        assertThat(found("536 22 1234")).containsExactly("us-ssn:536 22 1234");
        assertThat(found("000-12-3456 666-12-3456 912-12-3456 123-00-4567 123-45-0000 123-45-6789-1 123-45 6789"))
                .isEmpty();
    }

    @Test
    void ipAddresses() {
        assertThat(found("from 192.168.1.10 and 10.0.0.1:8080")).containsExactly("ipv4:192.168.1.10", "ipv4:10.0.0.1");
        assertThat(found("version 1.2.3.4.5, 256.1.1.1, 01.2.3.4, 1.2.3")).isEmpty();
        assertThat(found("hosts 2001:db8::8a2e:370:7334, [fe80::1], ::1 and ::ffff:192.0.2.128."))
                .containsExactly("ipv6:2001:db8::8a2e:370:7334", "ipv6:fe80::1", "ipv6:::1", "ipv6:::ffff:192.0.2.128");
        assertThat(found("2001:0db8:85a3:0000:0000:8a2e:0370:7334")).containsExactly("ipv6:2001:0db8:85a3:0000:0000:8a2e:0370:7334");
    }

    @Test
    void timesMacAddressesAndCppScopesAreNotIpv6() {
        assertThat(found("at 12:30:45, mac 00:1A:2B:3C:4D:5E, std::vector, add::bad, 1::2::3")).isEmpty();
    }
}
