package dev.heimdall.providers.openai;

import dev.heimdall.providers.Fixtures;
import dev.heimdall.providers.canonical.EmbeddingRequest;
import dev.heimdall.providers.spi.InvalidRequestException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class OpenAiEmbeddingParserTest {

    @Test
    void parsesStringAndArrayInput() {
        EmbeddingRequest one = OpenAiEmbeddingParser.parse(Fixtures.json(
                "{\"model\":\"text-embedding-3-small\",\"input\":\"hello\",\"encoding_format\":\"base64\","
                        + "\"dimensions\":256,\"user\":\"u\"}"));
        assertThat(one.input()).containsExactly("hello");
        assertThat(one.encodingFormat()).isEqualTo("base64");
        assertThat(one.dimensions()).isEqualTo(256);
        assertThat(one.user()).isEqualTo("u");
        assertThat(one.openAiBody()).isNotNull();

        EmbeddingRequest many = OpenAiEmbeddingParser.parse(Fixtures.json("{\"model\":\"m\",\"input\":[\"a\",\"b\"]}"));
        assertThat(many.input()).containsExactly("a", "b");
        assertThat(many.encodingFormat()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"input":"x"}                                   | model           | model is required
            {"model":"m"}                                   | input           | input is required
            {"model":"m","input":""}                        | input           | input must not be an empty string
            {"model":"m","input":[]}                        | input           | input must not be an empty array
            {"model":"m","input":{}}                        | input           | input must be a string or an array of strings
            {"model":"m","input":[1,2,3]}                   | input           | input as token ids is not supported by this gateway; send the text as strings
            {"model":"m","input":[[1,2]]}                   | input           | input as token ids is not supported by this gateway; send the text as strings
            {"model":"m","input":["a",true]}                | input[1]        | input[1] must be a string
            {"model":"m","input":"x","encoding_format":"int8"} | encoding_format | encoding_format must be one of float, base64
            {"model":"m","input":"x","dimensions":-1}       | dimensions      | dimensions must be a positive integer, got -1
            """)
    void rejectsInvalidRequests(String body, String param, String message) {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> OpenAiEmbeddingParser.parse(Fixtures.json(body)));
        assertThat(e).isNotNull();
        assertThat(e.param()).isEqualTo(param);
        assertThat(e.getMessage()).isEqualTo(message);
    }
}
