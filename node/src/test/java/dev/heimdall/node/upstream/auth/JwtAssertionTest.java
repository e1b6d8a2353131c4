package dev.heimdall.node.upstream.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtAssertionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static KeyPair keys;
    private static String accountJson;

    @BeforeAll
    static void generate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        accountJson = JSON.createObjectNode().put("type", "service_account").put("private_key_id", "kid-1")
                .put("private_key", pem).put("client_email", "sa@p.iam.gserviceaccount.com")
                .put("token_uri", "https://oauth2.googleapis.com/token").toString();
    }

    @Test
    void signsAnRs256JwtThatVerifiesWithThePublicKey() throws Exception {
        GoogleServiceAccount account = GoogleServiceAccount.load(accountJson);
        Instant now = Instant.parse("2025-06-01T12:00:00Z");

        String jwt = JwtAssertion.sign(account, JwtAssertion.CLOUD_PLATFORM_SCOPE, now);

        String[] parts = jwt.split("\\.");
        assertThat(parts).hasSize(3);
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(header).isEqualTo(JSON.readTree("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"kid-1\"}"));
        assertThat(claims).isEqualTo(JSON.readTree("{\"iss\":\"sa@p.iam.gserviceaccount.com\",\"scope\":"
                + "\"https://www.googleapis.com/auth/cloud-platform\",\"aud\":\"https://oauth2.googleapis.com/token\","
                + "\"iat\":1748779200,\"exp\":1748782800}"));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(keys.getPublic());
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rsa.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
        assertThat(jwt).doesNotContain("=").doesNotContain("+").doesNotContain("/");
    }

    @Test
    void loadsTheAccountFromAFileAndNeverShowsTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sa.json");
        Files.writeString(file, accountJson);

        GoogleServiceAccount account = GoogleServiceAccount.load(file.toString());

        assertThat(account.clientEmail()).isEqualTo("sa@p.iam.gserviceaccount.com");
        assertThat(account.privateKeyId()).isEqualTo("kid-1");
        assertThat(account.toString()).doesNotContain("PRIVATE").contains("privateKey=***");
    }

    @Test
    void rejectsBrokenAccountsWithoutQuotingThem() {
        assertThatThrownBy(() -> GoogleServiceAccount.load("{\"client_email\":\"a@b\"}"))
                .hasMessage("the service account needs client_email and private_key");
        assertThatThrownBy(() -> GoogleServiceAccount.load("{\"client_email\":\"a@b\",\"private_key\":\"secret\"}"))
                .hasMessage("the service account's private_key is not a PKCS#8 RSA key");
        assertThatThrownBy(() -> GoogleServiceAccount.load("/no/such/sa.json"))
                .hasMessageStartingWith("cannot read the service-account file");
        assertThat(GoogleServiceAccount.load(accountJson.replace("\"token_uri\"", "\"ignored\"")).tokenUri())
                .isEqualTo(GoogleServiceAccount.DEFAULT_TOKEN_URI);
    }
}
