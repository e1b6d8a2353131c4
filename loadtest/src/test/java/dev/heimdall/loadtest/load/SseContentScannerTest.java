package dev.heimdall.loadtest.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SseContentScannerTest {
    private static final String ROLE = "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n";
    private static final String TOKEN = "data: {\"choices\":[{\"delta\":{\"content\":\" word\"}}]}\n\n";
    private static final String DONE = "data: [DONE]\n\n";

    @Test
    void countsOnlyEventsThatCarryContent() {
        SseContentScanner scanner = new SseContentScanner();
        assertThat(scanner.feed(ROLE)).isZero();
        assertThat(scanner.feed(TOKEN + TOKEN)).isEqualTo(2);
        assertThat(scanner.feed(DONE)).isZero();
    }

    @Test
    void anEventSplitAcrossPiecesCountsWhenItsEndArrives() {
        SseContentScanner scanner = new SseContentScanner();
        int cut = TOKEN.indexOf("content") + 3;
        assertThat(scanner.feed(TOKEN.substring(0, cut))).isZero();
        assertThat(scanner.feed(TOKEN.substring(cut, TOKEN.length() - 1))).isZero();
        assertThat(scanner.feed("\n" + TOKEN.substring(0, 5))).isEqualTo(1);
        assertThat(scanner.feed(TOKEN.substring(5))).isEqualTo(1);
    }

    @Test
    void acceptsCarriageReturnLineEnds() {
        assertThat(new SseContentScanner().feed(TOKEN.replace("\n", "\r\n") + ROLE.replace("\n", "\r\n")))
                .isEqualTo(1);
    }
}
