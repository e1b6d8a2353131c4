package dev.heimdall.governance.keys;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class KeyHashTest {

    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void isTheSha256OfTheSecretEveryTimeOnEveryThread() throws Exception {
        assertThat(KeyHash.of("abc").hex()).isEqualTo(ABC);
        // the digest is reused per thread: a second hash must not carry anything over from the first
        assertThat(KeyHash.of("hk-other").hex()).isNotEqualTo(ABC);
        assertThat(KeyHash.of("abc").hex()).isEqualTo(ABC);
        assertThat(CompletableFuture.supplyAsync(() -> KeyHash.of("abc").hex()).get()).isEqualTo(ABC);
    }
}
