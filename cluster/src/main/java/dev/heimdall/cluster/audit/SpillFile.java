package dev.heimdall.cluster.audit;

import dev.heimdall.governance.audit.AuditJson;
import dev.heimdall.governance.audit.AuditRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Audit records the database could not take (yet), on local disk: append-only JSON-lines segments in one directory,
 * each append forced to disk before it returns. Appends go to the open segment, which is sealed when it is full or
 * when a replay wants it; sealed segments are read back whole and deleted once the database has every record of them.
 * A line cut short by a crash is skipped on reading, and appends after a restart start a new segment, so nothing is
 * ever written after a torn line. Thread-safe.
 */
final class SpillFile implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpillFile.class);
    private static final String PREFIX = "audit-spill-";
    private static final String SUFFIX = ".jsonl";

    private final Path directory;
    private final int segmentRecords;
    private final AtomicLong pending = new AtomicLong();
    private long sequence;
    private FileChannel open;
    private int openRecords;

    /**
     * @param segmentRecords how many records a segment holds before the next append starts another, so that a replay
     *                       reads a bounded amount at a time
     */
    SpillFile(Path directory, int segmentRecords) throws IOException {
        this.directory = directory;
        this.segmentRecords = segmentRecords;
        Files.createDirectories(directory);
        for (Path segment : segments()) {
            sequence = Math.max(sequence, sequenceOf(segment));
            try {
                pending.addAndGet(lines(segment));
            } catch (IOException e) {
                LOG.error("audit spill file {} cannot be read ({}); moved to {} for an operator", segment.getFileName(),
                        e.toString(), setAside(segment).getFileName());
            }
        }
    }

    /** Appends the records and forces them to disk. */
    synchronized void append(List<AuditRecord> records) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        if (open == null) {
            openNext();
        }
        StringBuilder lines = new StringBuilder(records.size() * 512);
        records.forEach(record -> lines.append(AuditJson.line(record)));
        ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            open.write(bytes);
        }
        open.force(false);
        openRecords += records.size();
        pending.addAndGet(records.size());
        if (openRecords >= segmentRecords) {
            closeOpen();
        }
    }

    /** Seals the open segment and lists every sealed one, oldest first. */
    synchronized List<Path> seal() throws IOException {
        if (open != null) {
            closeOpen();
        }
        return segments();
    }

    /** Records spilled and not yet deleted after a replay. */
    long pending() {
        return pending.get();
    }

    /**
     * Reads a sealed segment in batches, skipping lines that are not a record (cut short by a crash).
     *
     * @return how many records it held
     */
    static int read(Path segment, int batchSize, Consumer<List<AuditRecord>> batches) throws IOException {
        int count = 0;
        int lineNumber = 0;
        List<AuditRecord> batch = new ArrayList<>(batchSize);
        // bytes that are not UTF-8 (a character cut by a crash) become U+FFFD: that line fails alone, not the segment
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(segment),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    batch.add(AuditJson.read(line));
                } catch (RuntimeException e) {
                    // the line's content may be a record's body: name the place, never the text
                    LOG.warn("audit spill file {} line {} is not a record (cut short by a crash?); skipped",
                            segment.getFileName(), lineNumber);
                    continue;
                }
                count++;
                if (batch.size() == batchSize) {
                    batches.accept(List.copyOf(batch));
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            batches.accept(List.copyOf(batch));
        }
        return count;
    }

    /** Deletes a segment whose records are all stored. */
    synchronized void delete(Path segment, int records) throws IOException {
        Files.deleteIfExists(segment);
        pending.addAndGet(-records);
    }

    /**
     * Renames a segment that cannot be read so that it is no longer replayed (nor counted), keeping its records for an
     * operator.
     *
     * @return the new name
     */
    synchronized Path setAside(Path segment) throws IOException {
        Path aside = segment.resolveSibling(segment.getFileName() + ".unreadable");
        Files.move(segment, aside);
        try {
            pending.addAndGet(-lines(aside));
        } catch (IOException e) {
            // what it held is not known: the count is right again after the next start
            LOG.debug("cannot count the records of {}: {}", aside.getFileName(), e.toString());
        }
        return aside;
    }

    @Override
    public synchronized void close() throws IOException {
        if (open != null) {
            closeOpen();
        }
    }

    private void openNext() throws IOException {
        sequence++;
        Path path = directory.resolve(String.format("%s%020d%s", PREFIX, sequence, SUFFIX));
        open = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        openRecords = 0;
        // the new file's name must survive a crash as well as its content
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("cannot force the directory {} to disk: {}", directory, e.toString());
        }
    }

    private void closeOpen() throws IOException {
        try {
            open.close();
        } finally {
            open = null;
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(SpillFile::isSegment).sorted().toList();
        }
    }

    private static boolean isSegment(Path path) {
        String name = path.getFileName().toString();
        return name.startsWith(PREFIX) && name.endsWith(SUFFIX) && name.length() == PREFIX.length() + 20 + SUFFIX.length();
    }

    private static long sequenceOf(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }

    private static long lines(Path segment) throws IOException {
        long lines = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(segment)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return lines;
    }
}
