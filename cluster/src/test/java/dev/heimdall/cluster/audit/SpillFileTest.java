package dev.heimdall.cluster.audit;

import dev.heimdall.governance.audit.AuditRecord;
import dev.heimdall.governance.audit.AuditSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SpillFileTest {

    @TempDir
    Path directory;

    @Test
    void recordsComeBackInBatchesInTheOrderTheyWereAppended() throws Exception {
        List<AuditRecord> records = records(25);
        try (SpillFile spill = new SpillFile(directory, 10)) {
            spill.append(records.subList(0, 7));
            // the segment is full after this append: the next one starts another
            spill.append(records.subList(7, 12));
            spill.append(records.subList(12, 25));
            assertThat(spill.pending()).isEqualTo(25);

            List<Path> segments = spill.seal();
            assertThat(segments).hasSize(2);
            List<List<AuditRecord>> batches = new ArrayList<>();
            int count = 0;
            for (Path segment : segments) {
                count += SpillFile.read(segment, 4, batches::add);
            }

            assertThat(count).isEqualTo(25);
            assertThat(batches).allMatch(batch -> batch.size() <= 4);
            assertThat(batches.stream().flatMap(List::stream)).containsExactlyElementsOf(records);
        }
    }

    @Test
    void aLineCutShortByACrashIsSkippedAndTheNextRunAppendsToANewSegment() throws Exception {
        List<AuditRecord> records = records(3);
        Path torn;
        try (SpillFile spill = new SpillFile(directory, 100)) {
            spill.append(records.subList(0, 2));
            torn = spill.seal().get(0);
        }
        // cut in the middle of a two-byte character, as a crash can leave it
        byte[] tail = "{\"id\":\"cut-é".getBytes(StandardCharsets.UTF_8);
        Files.write(torn, java.util.Arrays.copyOf(tail, tail.length - 1), StandardOpenOption.APPEND);

        try (SpillFile reopened = new SpillFile(directory, 100)) {
            assertThat(reopened.pending()).isEqualTo(2);
            reopened.append(records.subList(2, 3));
            List<Path> segments = reopened.seal();
            assertThat(segments).hasSize(2).startsWith(torn);
            List<AuditRecord> read = new ArrayList<>();
            for (Path segment : segments) {
                SpillFile.read(segment, 10, read::addAll);
            }
            assertThat(read).containsExactlyElementsOf(records);

            reopened.delete(segments.get(0), 2);
            assertThat(reopened.pending()).isEqualTo(1);
        }
    }

    private static List<AuditRecord> records(int count) {
        List<AuditRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(AuditSamples.request("r" + i, 1_000 + i, "k", null, "m", "p", 200, null));
        }
        return records;
    }
}
