package dev.heimdall.cluster.health;

import dev.heimdall.governance.health.HealthDigest;
import dev.heimdall.governance.health.Observation;
import dev.heimdall.governance.health.TargetId;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A health digest as bytes: a version, a table of the provider, key and model names it mentions (a digest names the
 * same few targets over and over), then the observations, cooldowns and dead keys with indexes into the table.
 * Members of different versions may share a cluster during a rolling upgrade, so a digest of an unknown version
 * is refused rather than misread.
 */
final class HealthDigestCodec {

    private static final byte VERSION = 1;
    private static final Observation.Outcome[] OUTCOMES = Observation.Outcome.values();

    private HealthDigestCodec() {
    }

    static byte[] encode(HealthDigest digest) {
        Map<String, Integer> names = new HashMap<>();
        List<String> table = new ArrayList<>();
        digest.observations().forEach(o -> index(o.target(), names, table));
        digest.cooldowns().forEach(c -> index(c.target(), names, table));
        digest.deadKeys().forEach(d -> {
            index(d.provider(), names, table);
            index(d.key(), names, table);
        });
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 28 * digest.observations().size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(table.size());
            for (String name : table) {
                out.writeUTF(name);
            }
            out.writeInt(digest.observations().size());
            for (Observation observation : digest.observations()) {
                writeTarget(out, observation.target(), names);
                out.writeByte(observation.outcome().ordinal());
                out.writeLong(observation.latencyNanos());
                out.writeLong(observation.firstTokenNanos());
            }
            out.writeInt(digest.cooldowns().size());
            for (HealthDigest.Cooldown cooldown : digest.cooldowns()) {
                writeTarget(out, cooldown.target(), names);
                out.writeLong(cooldown.remainingMillis());
            }
            out.writeInt(digest.deadKeys().size());
            for (HealthDigest.DeadKey dead : digest.deadKeys()) {
                out.writeInt(names.get(dead.provider()));
                out.writeInt(names.get(dead.key()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a digest this version can read */
    static HealthDigest decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("health digest of version " + version + ", expected " + VERSION);
            }
            String[] table = new String[count(in, bytes.length)];
            for (int i = 0; i < table.length; i++) {
                table[i] = in.readUTF();
            }
            int observationCount = count(in, bytes.length);
            List<Observation> observations = new ArrayList<>(observationCount);
            for (int i = 0; i < observationCount; i++) {
                TargetId target = readTarget(in, table);
                int outcome = in.readUnsignedByte();
                if (outcome >= OUTCOMES.length) {
                    throw new IllegalArgumentException("unknown outcome " + outcome);
                }
                observations.add(new Observation(target, OUTCOMES[outcome], in.readLong(), in.readLong()));
            }
            int cooldownCount = count(in, bytes.length);
            List<HealthDigest.Cooldown> cooldowns = new ArrayList<>(cooldownCount);
            for (int i = 0; i < cooldownCount; i++) {
                cooldowns.add(new HealthDigest.Cooldown(readTarget(in, table), in.readLong()));
            }
            int deadCount = count(in, bytes.length);
            List<HealthDigest.DeadKey> dead = new ArrayList<>(deadCount);
            for (int i = 0; i < deadCount; i++) {
                dead.add(new HealthDigest.DeadKey(name(in, table), name(in, table)));
            }
            return new HealthDigest(observations, cooldowns, dead);
        } catch (IOException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a health digest: " + e, e);
        }
    }

    private static void index(TargetId target, Map<String, Integer> names, List<String> table) {
        index(target.provider(), names, table);
        index(target.key(), names, table);
        index(target.model(), names, table);
    }

    private static void index(String name, Map<String, Integer> names, List<String> table) {
        names.computeIfAbsent(name, n -> {
            table.add(n);
            return table.size() - 1;
        });
    }

    private static void writeTarget(DataOutputStream out, TargetId target, Map<String, Integer> names)
            throws IOException {
        out.writeInt(names.get(target.provider()));
        out.writeInt(names.get(target.key()));
        out.writeInt(names.get(target.model()));
    }

    private static TargetId readTarget(DataInputStream in, String[] table) throws IOException {
        return new TargetId(name(in, table), name(in, table), name(in, table));
    }

    private static String name(DataInputStream in, String[] table) throws IOException {
        return table[in.readInt()];
    }

    /** A count that cannot exceed what the bytes could hold, so a corrupt one cannot make us allocate gigabytes. */
    private static int count(DataInputStream in, int length) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > length) {
            throw new IllegalArgumentException("implausible count " + count);
        }
        return count;
    }
}
