package dev.heimdall.governance.guardrails.text;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeywordAutomatonTest {

    private static List<String> hits(KeywordAutomaton automaton, List<String> keywords, String text) {
        List<String> hits = new ArrayList<>();
        automaton.scan(text, (k, end) -> hits.add(keywords.get(k) + "@" + automaton.startOf(text, k, end)));
        return hits;
    }

    @Test
    void findsEveryOccurrenceOfEveryKeywordOverlapsIncluded() {
        List<String> keywords = List.of("he", "she", "his", "hers");
        KeywordAutomaton automaton = KeywordAutomaton.of(keywords);

        assertThat(hits(automaton, keywords, "ushers")).containsExactly("she@1", "he@2", "hers@2");
        assertThat(hits(automaton, keywords, "HIS hErS")).containsExactly("his@0", "he@4", "hers@4");
        assertThat(automaton.containsAny("nothing to see")).isFalse();
    }

    @Test
    void aPhraseMatchesAcrossAnyRunOfWhitespace() {
        List<String> keywords = List.of("project  aurora");
        KeywordAutomaton automaton = KeywordAutomaton.of(keywords);

        assertThat(hits(automaton, keywords, "the Project\n\t Aurora plan")).containsExactly("project  aurora@4");
        assertThat(hits(automaton, keywords, "projectaurora")).isEmpty();
    }

    @Test
    void nonAsciiKeywordsAndTextWork() {
        List<String> keywords = List.of("straße", "東京");
        KeywordAutomaton automaton = KeywordAutomaton.of(keywords);

        assertThat(hits(automaton, keywords, "Die STRAßE in 東京.")).containsExactly("straße@4", "東京@14");
    }

    @Test
    void blankKeywordsAreRefused() {
        assertThatThrownBy(() -> KeywordAutomaton.of(List.of("ok", "  "))).isInstanceOf(IllegalArgumentException.class);
    }
}
