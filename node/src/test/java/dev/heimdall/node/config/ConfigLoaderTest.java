package dev.heimdall.node.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    private static final Set<String> TYPES = Set.of("openai", "anthropic", "gemini");
    private static final String SOURCE = "heimdall.yaml";
    private static final String PROVIDERS = """
            providers:
              openai:    { type: openai, keys: [ { name: main, value: sk-1 }, { name: mini, value: sk-2, models: [ gpt-4o-mini ] } ] }
              anthropic: { type: anthropic }
            """;

    private final ConfigLoader loader = new ConfigLoader(TYPES, Map.of());

    private HeimdallConfig parse(String yaml) {
        return loader.parse(yaml, SOURCE);
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ConfigLoaderTest.class.getResource("/config/" + name).toURI());
    }

    private void assertRejected(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    // ---- whole files

    @Test
    void parsesEveryFieldOfAFullFile() throws Exception {
        Path file = resource("full.yaml");
        ConfigLoader withEnv = new ConfigLoader(TYPES, Map.of("OPENAI_KEY_2", "sk-spare", "PROXY_PASSWORD", "pa:ss;word"));

        HeimdallConfig config = withEnv.load(file);

        assertThat(config.server()).isEqualTo(new ServerConfig("127.0.0.1", 8181, 512 * 1024, 2, Duration.ofMinutes(5),
                Duration.ofSeconds(30)));
        assertThat(config.providers()).containsOnlyKeys("openai", "anthropic");
        assertThat(config.providers().get("openai")).isEqualTo(new ProviderConfig("openai", "openai",
                URI.create("http://127.0.0.1:9090/openai"),
                List.of(new ProviderKeyConfig("main", "sk-mock", 3, List.of()),
                        new ProviderKeyConfig("spare", "sk-spare", 1, List.of("gpt-4o-mini"))),
                "Authorization", "Bearer ",
                Map.of("OpenAI-Organization", "org-1", "X-Trace", "on"),
                new TimeoutsConfig(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(10)),
                new TlsConfig(file.getParent().resolve("test-ca.pem"), false),
                new ProxyConfig("proxy.corp", 3128, "proxy-user", "pa:ss;word"),
                64, List.of("gpt-4o", "gpt-4o-mini")));
        assertThat(config.providers().get("anthropic")).isEqualTo(new ProviderConfig("anthropic", "anthropic",
                URI.create("https://api.anthropic.com"), List.of(new ProviderKeyConfig("main", "sk-ant-mock", 1, List.of())),
                null, null, Map.of(), TimeoutsConfig.DEFAULT, TlsConfig.DEFAULT,
                new ProxyConfig("proxy.corp", 3128, null, null), 256, List.of()));
        assertThat(config.models()).containsOnlyKeys("smart", "fast");
        assertThat(config.models().get("smart")).isEqualTo(new ModelAliasConfig("smart",
                List.of(new TargetConfig("openai", "gpt-4o", 70, "main"), new TargetConfig("anthropic", "claude-sonnet-4-5", 30, null)),
                List.of(new TargetConfig("openai", "gpt-4o-mini", 1, "spare"))));
        assertThat(config.models().get("fast")).isEqualTo(new ModelAliasConfig("fast",
                List.of(new TargetConfig("anthropic", "claude-haiku-4-5", 1, null)), List.of()));
    }

    @Test
    void keepsTheOrderOfTheFileAndCannotBeModified() {
        HeimdallConfig config = parse("""
                providers:
                  zeta:  { type: openai }
                  alpha: { type: openai }
                  mid:   { type: anthropic, headers: { X-B: b, X-A: a } }
                models:
                  z: { targets: [ { provider: zeta, model: m } ] }
                  a: { targets: [ { provider: alpha, model: m } ] }
                """);

        assertThat(config.providers().keySet()).containsExactly("zeta", "alpha", "mid");
        assertThat(config.models().keySet()).containsExactly("z", "a");
        assertThat(config.providers().get("mid").headers().keySet()).containsExactly("X-B", "X-A");
        assertThatThrownBy(() -> config.providers().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> config.models().get("z").targets().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> config.providers().get("mid").headers().put("X", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n", "# only a comment\n", "---\n", "~\n"})
    void emptyFileGivesTheDefaults(String yaml) {
        assertThat(parse(yaml)).isEqualTo(ConfigLoader.defaults());
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        HeimdallConfig config = ConfigLoader.defaults();

        assertThat(config.server()).isEqualTo(new ServerConfig("0.0.0.0", 8080, 8L * 1024 * 1024,
                Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(600),
                Duration.ofSeconds(30)));
        assertThat(config.providers()).isEmpty();
        assertThat(config.models()).isEmpty();
        assertThat(parse("server: { port: 9000 }").server())
                .isEqualTo(new ServerConfig("0.0.0.0", 9000, 8L * 1024 * 1024, Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(600),
                Duration.ofSeconds(30)));
    }

    @Test
    void providerFieldsHaveDefaults() {
        HeimdallConfig config = parse("providers: { openai: { type: openai }, claude: { type: anthropic, keys: [] } }");

        ProviderConfig openai = config.providers().get("openai");
        assertThat(openai.baseUrl()).isEqualTo(URI.create("https://api.openai.com"));
        assertThat(openai.keys()).isEmpty();
        assertThat(openai.authHeader()).isNull();
        assertThat(openai.authPrefix()).isNull();
        assertThat(openai.headers()).isEmpty();
        assertThat(openai.timeouts()).isEqualTo(new TimeoutsConfig(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(30)));
        assertThat(openai.tls()).isEqualTo(new TlsConfig(null, true));
        assertThat(openai.proxy()).isNull();
        assertThat(openai.maxConnections()).isEqualTo(256);
        assertThat(openai.models()).isEmpty();
        assertThat(config.providers().get("claude").baseUrl()).isEqualTo(URI.create("https://api.anthropic.com"));
    }

    @Test
    void keepsTheBaseUrlPathWithoutItsTrailingSlash() {
        HeimdallConfig config = parse("""
                providers:
                  local: { type: gemini, base-url: "http://127.0.0.1:9090/gemini/v1beta/" }
                  plain: { type: openai, base-url: "HTTPS://llm.internal" }
                """);

        assertThat(config.providers().get("local").baseUrl()).isEqualTo(URI.create("http://127.0.0.1:9090/gemini/v1beta"));
        assertThat(config.providers().get("plain").baseUrl()).isEqualTo(URI.create("https://llm.internal"));
    }

    @Test
    void loadNamesTheFileInMessages(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "server: { port: abc }\n");

        assertThatThrownBy(() -> loader.load(file))
                .hasMessage(file + ": server.port: expected an integer between 0 and 65535, got \"abc\"");
        assertThatThrownBy(() -> loader.load(dir.resolve("missing.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(dir.resolve("missing.yaml") + ": expected a readable UTF-8 file, got NoSuchFileException");
    }

    // ---- substitution

    @Test
    void substitutesVariablesDefaultsAndEscapes() {
        ConfigLoader withEnv = new ConfigLoader(TYPES, Map.of("HOST", "llm.internal", "PORT", "8443", "KEY", "sk-env", "EMPTY", ""));

        HeimdallConfig config = withEnv.parse("""
                server: { port: "${LISTEN_PORT:-9000}", host: "${EMPTY:-127.0.0.1}" }
                providers:
                  openai:
                    type: openai
                    base-url: "https://${HOST}:${PORT}/v1"
                    keys: [ { name: main, value: "${KEY}" }, { name: other, value: "${MISSING:-sk-default}" } ]
                    headers: { X-Price: "$$5 for ${HOST}", X-Literal: "a$b$", X-Raw: "$${NOT_SUBSTITUTED}" }
                """, SOURCE);

        assertThat(config.server().port()).isEqualTo(9000);
        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        ProviderConfig openai = config.providers().get("openai");
        assertThat(openai.baseUrl()).isEqualTo(URI.create("https://llm.internal:8443/v1"));
        assertThat(openai.keys()).extracting(ProviderKeyConfig::value).containsExactly("sk-env", "sk-default");
        assertThat(openai.headers()).containsExactly(
                Map.entry("X-Price", "$5 for llm.internal"), Map.entry("X-Literal", "a$b$"), Map.entry("X-Raw", "${NOT_SUBSTITUTED}"));
    }

    @Test
    void doesNotSubstituteIntoSubstitutedValues() {
        ConfigLoader withEnv = new ConfigLoader(TYPES, Map.of("KEY", "sk-${OTHER}"));

        HeimdallConfig config = withEnv.parse("providers: { openai: { type: openai, keys: [ { name: k, value: \"${KEY}\" } ] } }", SOURCE);

        assertThat(config.providers().get("openai").keys().get(0).value()).isEqualTo("sk-${OTHER}");
    }

    @Test
    void missingVariableNamesThePathAndTheVariableButNoValue() {
        ConfigLoader withEnv = new ConfigLoader(TYPES, Map.of("OPENAI_KEY", "sk-very-secret"));

        assertThatThrownBy(() -> withEnv.parse("""
                providers:
                  openai:
                    type: openai
                    keys: [ { name: main, value: "${OPENAI_KEY}" }, { name: spare, value: "${OPENAI_KEY}${OPENAI_KEY_2}" } ]
                """, SOURCE))
                .isInstanceOf(ConfigException.class)
                .hasMessage("heimdall.yaml: providers.openai.keys[1].value: environment variable OPENAI_KEY_2 is not set"
                        + " (write ${OPENAI_KEY_2:-default} to give a default)")
                .message().doesNotContain("sk-very-secret");
    }

    @Test
    void wrongValueFromAVariableIsReportedWithoutTheValue() {
        ConfigLoader withEnv = new ConfigLoader(TYPES, Map.of("PORT", "secret-ish"));

        assertThatThrownBy(() -> withEnv.parse("server: { port: \"${PORT}\" }", SOURCE))
                .hasMessage("heimdall.yaml: server.port: expected an integer between 0 and 65535, got the value of \"${PORT}\"");
    }

    @Test
    void malformedReferenceIsRejected() {
        assertRejected("server: { host: \"${HOST\" }",
                "heimdall.yaml: server.host: expected a closing } after \"${\" at character 1, got the end of the string");
        assertRejected("server: { host: \"${1HOST}\" }",
                "heimdall.yaml: server.host: expected an environment variable name ([A-Za-z_][A-Za-z0-9_]*) in \"${1HOST}\", got \"1HOST\"");
    }

    // ---- strictness

    @Test
    void rejectsUnknownKeysAtEveryLevelListingTheAllowedOnes() {
        assertRejected("servre: {}", "heimdall.yaml: servre: unknown key; expected one of server, providers, models, routing-rules,"
                + " time-zone, authentication, storage, customers, teams, access-profiles, virtual-keys, admin, health, guardrails, cluster, audit");
        assertRejected("server: { prot: 1 }",
                "heimdall.yaml: server.prot: unknown key; expected one of host, port, max-body-size, event-loops, request-timeout,"
                + " drain-timeout");
        assertRejected("providers: { openai: { type: openai, kyes: [] } }",
                "heimdall.yaml: providers.openai.kyes: unknown key; expected one of type, base-url, keys, auth-header, auth-prefix,"
                        + " headers, timeouts, tls, proxy, max-connections, models, region, project, location, api-version, retry, context-windows");
        assertRejected("providers: { openai: { type: openai, keys: [ { name: a, value: b, wieght: 2 } ] } }",
                "heimdall.yaml: providers.openai.keys[0].wieght: unknown key; expected one of name, value, weight, models, deployments, access-key-id, secret-access-key, session-token, service-account, bearer-token, region");
        assertRejected("providers: { openai: { type: openai, timeouts: { read: 1s } } }",
                "heimdall.yaml: providers.openai.timeouts.read: unknown key; expected one of connect, first-byte, idle");
        assertRejected("providers: { openai: { type: openai, tls: { verify: false } } }",
                "heimdall.yaml: providers.openai.tls.verify: unknown key; expected one of ca-bundle, verify-host");
        assertRejected("providers: { openai: { type: openai, proxy: { uri: x } } }",
                "heimdall.yaml: providers.openai.proxy.uri: unknown key; expected one of url, host, port, username, password");
        assertRejected(PROVIDERS + "models: { smart: { target: [] } }",
                "heimdall.yaml: models.smart.target: unknown key; expected one of targets, fallbacks, context-fallback");
        assertRejected(PROVIDERS + "models: { smart: { targets: [ { provider: openai, model: m, wieght: 1 } ] } }",
                "heimdall.yaml: models.smart.targets[0].wieght: unknown key; expected one of provider, model, weight, key");
    }

    @Test
    void rejectsWrongTypes() {
        assertRejected("server: { port: abc }", "heimdall.yaml: server.port: expected an integer between 0 and 65535, got \"abc\"");
        assertRejected("server: { port: 70000 }", "heimdall.yaml: server.port: expected an integer between 0 and 65535, got 70000");
        assertRejected("server: { port: 80.5 }", "heimdall.yaml: server.port: expected an integer between 0 and 65535, got 80.5");
        assertRejected("server: { event-loops: 0 }", "heimdall.yaml: server.event-loops: expected an integer between 1 and 1024, got 0");
        assertRejected("server: 8080", "heimdall.yaml: server: expected a mapping with keys host, port, max-body-size, event-loops,"
                + " request-timeout, drain-timeout, got 8080");
        assertRejected("server: { host: [ a ] }", "heimdall.yaml: server.host: expected a host name or IP address, got a list");
        assertRejected("- server", "heimdall.yaml: expected a mapping with keys server, providers, models, routing-rules, time-zone, authentication,"
                + " storage, customers, teams, access-profiles, virtual-keys, admin, health, guardrails, cluster, audit, got a list");
        assertRejected("providers: [ openai ]", "heimdall.yaml: providers: expected a mapping of provider names to providers, got a list");
        assertRejected("providers: { openai: { type: openai, tls: { verify-host: maybe } } }",
                "heimdall.yaml: providers.openai.tls.verify-host: expected true or false, got \"maybe\"");
        assertRejected("providers: { openai: { type: openai, max-connections: 0 } }",
                "heimdall.yaml: providers.openai.max-connections: expected an integer between 1 and 100000, got 0");
        assertRejected("providers: { openai: { type: openai, models: gpt-4o } }",
                "heimdall.yaml: providers.openai.models: expected a list of a model name, got \"gpt-4o\"");
        assertRejected("providers: { openai: { type: openai, models: [ gpt-4o, gpt-4o ] } }",
                "heimdall.yaml: providers.openai.models[1]: expected a model name listed once, got \"gpt-4o\" again");
    }

    @Test
    void rejectsBadProviders() {
        assertRejected("providers: { OpenAI: { type: openai } }",
                "heimdall.yaml: providers.OpenAI: expected a provider name matching [a-z0-9][a-z0-9-_.]*, got \"OpenAI\"");
        assertRejected("providers: { openai: }",
                "heimdall.yaml: providers.openai: expected a provider with keys type, base-url, keys, auth-header, auth-prefix,"
                        + " headers, timeouts, tls, proxy, max-connections, models, region, project, location, api-version, retry, context-windows, got nothing");
        assertRejected("providers: { openai: { base-url: \"http://x\" } }",
                "heimdall.yaml: providers.openai.type: expected one of anthropic, gemini, openai, got nothing");
        assertRejected("providers: { openai: { type: opneai } }",
                "heimdall.yaml: providers.openai.type: expected one of anthropic, gemini, openai, got \"opneai\"");
        assertRejected("providers: { gemini: { type: gemini } }",
                "heimdall.yaml: providers.gemini.base-url: expected an http or https URL (type gemini has no default), got nothing");
        assertRejected("providers: { openai: { type: openai, base-url: \"ftp://files.example\" } }",
                "heimdall.yaml: providers.openai.base-url: expected an http or https URL with a host, such as https://api.openai.com,"
                        + " got \"ftp://files.example\"");
        assertRejected("providers: { openai: { type: openai, base-url: \"http:/nohost\" } }",
                "heimdall.yaml: providers.openai.base-url: expected an http or https URL with a host, such as https://api.openai.com,"
                        + " got \"http:/nohost\"");
        assertRejected("providers: { openai: { type: openai, base-url: \"https://u:secret@host\" } }",
                "heimdall.yaml: providers.openai.base-url: expected a URL without user info (put credentials in keys),"
                        + " got a string (not shown)");
        assertRejected("providers: { openai: { type: openai, auth-header: \"Bad Header\" } }",
                "heimdall.yaml: providers.openai.auth-header: expected a header name, got \"Bad Header\"");
        assertRejected("providers: { openai: { type: openai, headers: { \"X Bad\": v } } }",
                "heimdall.yaml: providers.openai.headers.X Bad: expected a header name, got \"X Bad\"");
    }

    @Test
    void rejectsBadKeysWithoutShowingValues() {
        assertRejected("providers: { openai: { type: openai, keys: [ { name: a, value: x }, { name: a, value: y } ] } }",
                "heimdall.yaml: providers.openai.keys[1].name: expected a key name unique within the provider, got \"a\" again");
        assertRejected("providers: { openai: { type: openai, keys: [ { name: a } ] } }",
                "heimdall.yaml: providers.openai.keys[0].value: expected a non-empty key value, such as \"${OPENAI_API_KEY}\", got nothing");
        assertRejected("providers: { openai: { type: openai, keys: [ { value: sk-secret } ] } }",
                "heimdall.yaml: providers.openai.keys[0].name: expected a key name, got nothing");
        assertRejected("providers: { openai: { type: openai, keys: [ sk-secret ] } }",
                "heimdall.yaml: providers.openai.keys[0]: expected a mapping with keys name, value, weight, models, deployments, access-key-id, secret-access-key, session-token, service-account, bearer-token, region, got a string (not shown)");
        assertRejected("providers: { openai: { type: openai, keys: sk-secret } }",
                "heimdall.yaml: providers.openai.keys: expected a list of keys, each with a name and a value, got a string (not shown)");
        assertRejected("providers: { openai: { type: openai, keys: [ { name: a, value: 12345 } ] } }",
                "heimdall.yaml: providers.openai.keys[0].value: expected a non-empty key value, such as \"${OPENAI_API_KEY}\", got a number");
        assertRejected("providers: { openai: { type: openai, keys: [ { name: a, value: x, weight: 0 } ] } }",
                "heimdall.yaml: providers.openai.keys[0].weight: expected an integer between 1 and 1000000, got 0");
    }

    @Test
    void rejectsBadTlsAndProxies(@TempDir Path dir) throws Exception {
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
        assertRejected("providers: { openai: { type: openai, tls: { ca-bundle: /no/such/ca.pem } } }",
                "heimdall.yaml: providers.openai.tls.ca-bundle: expected a readable PEM file of CA certificates,"
                        + " got \"/no/such/ca.pem\", which does not exist");
        assertThatThrownBy(() -> parse("providers: { openai: { type: openai, tls: { ca-bundle: \"" + notPem + "\" } } }"))
                .hasMessageEndingWith("got \"" + notPem + "\", which is not one");
        assertRejected("providers: { openai: { type: openai, proxy: { url: \"http://proxy:3128\", port: 3129 } } }",
                "heimdall.yaml: providers.openai.proxy.port: expected either url or host, port, username and password, got both url and port");
        assertRejected("providers: { openai: { type: openai, proxy: { url: \"socks5://u:hunter2@proxy:1080\" } } }",
                "heimdall.yaml: providers.openai.proxy.url: expected an http proxy URL with a host and a port,"
                        + " such as http://user:pass@proxy.example:3128, got a string (not shown)");
        assertRejected("providers: { openai: { type: openai, proxy: { host: proxy } } }",
                "heimdall.yaml: providers.openai.proxy.port: expected an integer between 1 and 65535, got nothing");
        assertRejected("providers: { openai: { type: openai, proxy: { host: proxy, port: 1, password: hunter2 } } }",
                "heimdall.yaml: providers.openai.proxy.password: expected a username beside the password, got none");
    }

    @Test
    void readsACaBundleRelativeToTheFile(@TempDir Path dir) throws Exception {
        Files.copy(resource("test-ca.pem"), dir.resolve("ca.pem"));
        Path file = Files.writeString(dir.resolve("heimdall.yaml"), "providers: { openai: { type: openai, tls: { ca-bundle: ca.pem } } }");

        assertThat(loader.load(file).providers().get("openai").tls().caBundle()).isEqualTo(dir.resolve("ca.pem"));
    }

    @Test
    void rejectsAliasesThatReferToUnknownThings() {
        assertRejected(PROVIDERS + "models: { smart: { targets: [ { provider: openai, model: gpt-4o }, { provider: antropic, model: c } ] } }",
                "heimdall.yaml: models.smart.targets[1].provider: unknown provider \"antropic\"; configured providers: openai, anthropic");
        assertRejected(PROVIDERS + "models: { smart: { targets: [ { provider: openai, model: m } ], fallbacks: [ { provider: x, model: m } ] } }",
                "heimdall.yaml: models.smart.fallbacks[0].provider: unknown provider \"x\"; configured providers: openai, anthropic");
        assertRejected("models: { smart: { targets: [ { provider: openai, model: m } ] } }",
                "heimdall.yaml: models.smart.targets[0].provider: unknown provider \"openai\"; configured providers: (none)");
        assertRejected(PROVIDERS + "models: { smart: { targets: [ { provider: openai, model: gpt-4o, key: spare } ] } }",
                "heimdall.yaml: models.smart.targets[0].key: unknown key \"spare\" of provider \"openai\"; its keys: main, mini");
        assertRejected(PROVIDERS + "models: { smart: { targets: [ { provider: anthropic, model: c, key: main } ] } }",
                "heimdall.yaml: models.smart.targets[0].key: unknown key \"main\" of provider \"anthropic\"; its keys: (none)");
        assertRejected(PROVIDERS + "models: { smart: { targets: [ { provider: openai, model: gpt-4o, key: mini } ] } }",
                "heimdall.yaml: models.smart.targets[0].key: expected a key that serves model \"gpt-4o\", got key \"mini\","
                        + " which serves only gpt-4o-mini");
    }

    @Test
    void rejectsBadAliases() {
        assertRejected(PROVIDERS + "models: { \"openai/gpt-4o\": { targets: [ { provider: openai, model: gpt-4o } ] } }",
                "heimdall.yaml: models.openai/gpt-4o: expected an alias name without \"/\" (provider/model names address a provider"
                        + " directly), got \"openai/gpt-4o\"");
        assertRejected(PROVIDERS + "models: { anthropic: { targets: [ { provider: openai, model: gpt-4o } ] } }",
                "heimdall.yaml: models.anthropic: expected an alias name that is not also a provider name, got \"anthropic\","
                        + " the name of a provider");
        assertRejected(PROVIDERS + "models: { smart: { fallbacks: [ { provider: openai, model: gpt-4o } ] } }",
                "heimdall.yaml: models.smart.targets: expected a non-empty list of targets, each with a provider and a model, got nothing");
        assertRejected(PROVIDERS + "models: { smart: { targets: [ { provider: openai, model: a, weight: 0 }, { provider: anthropic, model: b, weight: 0 } ] } }",
                "heimdall.yaml: models.smart.targets: expected at least one target with a weight above 0, got only weights of 0");
        assertRejected(PROVIDERS + "models: { smart: { targets: [ { provider: openai, model: a, weight: -1 } ] } }",
                "heimdall.yaml: models.smart.targets[0].weight: expected an integer between 0 and 1000000, got -1");
        assertRejected(PROVIDERS + "models: { smart: { targets: [ { provider: openai } ] } }",
                "heimdall.yaml: models.smart.targets[0].model: expected a model name, got nothing");
    }

    @Test
    void allowsWeightZeroBesideAPositiveOne() {
        HeimdallConfig config = parse(PROVIDERS
                + "models: { smart: { targets: [ { provider: openai, model: a, weight: 0 }, { provider: anthropic, model: b } ] } }");

        assertThat(config.models().get("smart").targets()).extracting(TargetConfig::weight).containsExactly(0, 1);
    }

    @Test
    void reportsYamlSyntaxErrorsWithLineAndColumn() {
        assertThatThrownBy(() -> parse("server:\n  port: 8080\nproviders: { openai: { type: openai, keys: [ sk-secret }\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("heimdall.yaml: line 3, column ")
                .hasMessageContaining("invalid YAML")
                .message().doesNotContain("sk-secret");
        assertThatThrownBy(() -> parse("server:\n  port: 8080\n  port: 9090\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("heimdall.yaml: line 3, column 7: expected each key once in a mapping, got \"port\" again");
        assertThatThrownBy(() -> parse("server: { port: 1 }\n---\nserver: { port: 2 }\n"))
                .hasMessageStartingWith("heimdall.yaml: line ")
                .hasMessageEndingWith("expected a single YAML document, got another one");
    }

    // ---- units

    @ParameterizedTest
    @CsvSource({"8388608, 8388608", "8MiB, 8388608", "512KiB, 524288", "10MB, 10000000", "1GiB, 1073741824", "100KB, 100000",
            "64B, 64", "'\"2048\"', 2048"})
    void readsSizes(String written, long bytes) {
        assertThat(parse("server: { max-body-size: " + written + " }").server().maxBodyBytes()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8 mb", "8XB", "-1", "0", "1.5MiB", "3GiB", "lots"})
    void rejectsBadSizes(String written) {
        assertThatThrownBy(() -> parse("server: { max-body-size: " + written + " }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("heimdall.yaml: server.max-body-size: expected a size such as 8388608 (bytes), 512KiB, 8MiB,"
                        + " 1GiB, 10MB, between 1 and 2147483647 bytes, got ");
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "5m, PT5M", "1h, PT1H", "250, PT0.25S", "'\"90s\"', PT1M30S"})
    void readsDurations(String written, Duration expected) {
        assertThat(parse("server: { request-timeout: " + written + " }").server().requestTimeout()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0s", "-5s", "1.5s", "5 min", "1d", "soon"})
    void rejectsBadDurations(String written) {
        assertThatThrownBy(() -> parse("providers: { openai: { type: openai, timeouts: { idle: " + written + " } } }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("heimdall.yaml: providers.openai.timeouts.idle: expected a positive duration such as 500ms,"
                        + " 30s, 5m, 1h or a whole number of milliseconds, got ");
    }

    // ---- secrets

    @Test
    void toStringNeverShowsSecrets() {
        ConfigLoader withEnv = new ConfigLoader(TYPES, Map.of("KEY", "sk-top-secret", "PASS", "hunter2",
                "VK", "hk-virtual-key-secret-0000001"));
        HeimdallConfig config = withEnv.parse("""
                storage: { url: "jdbc:postgresql://db/heimdall", user: h, password: "${PASS}" }
                virtual-keys: [ { name: ci, key: "${VK}" } ]
                providers:
                  openai:
                    type: openai
                    keys: [ { name: main, value: "${KEY}" } ]
                    headers: { X-Api-Token: "${KEY}" }
                    proxy: { url: "http://bob:${PASS}@proxy:3128" }
                  other:
                    type: openai
                    proxy: { host: proxy, port: 3128, username: bob, password: "${PASS}" }
                """, SOURCE);

        assertThat(config.toString()).doesNotContain("sk-top-secret").doesNotContain("hunter2")
                .doesNotContain("hk-virtual-key-secret");
        ProviderConfig openai = config.providers().get("openai");
        assertThat(openai.keys().get(0).value()).isEqualTo("sk-top-secret");
        assertThat(openai.keys().get(0)).hasToString("ProviderKeyConfig[name=main, value=***, weight=1, models=[], credentials=[], deployments={}]");
        assertThat(openai.proxy().password()).isEqualTo("hunter2");
        assertThat(openai.proxy()).hasToString("ProxyConfig[host=proxy, port=3128, username=bob, password=***]");
        assertThat(config.providers().get("other").proxy()).hasToString("ProxyConfig[host=proxy, port=3128, username=bob, password=***]");
        assertThat(new ProxyConfig("proxy", 3128, null, null)).hasToString("ProxyConfig[host=proxy, port=3128, username=null, password=null]");
    }

    @Test
    void decodesPercentEncodedProxyCredentials() {
        HeimdallConfig config = parse("providers: { openai: { type: openai, proxy: { url: \"http://corp%5Cbob:p%40ss%3Aword@proxy:8080/\" } } }");

        assertThat(config.providers().get("openai").proxy()).isEqualTo(new ProxyConfig("proxy", 8080, "corp\\bob", "p@ss:word"));
    }
}
