package dev.heimdall.providers.canonical;

/** One piece of a message's content. Closed: adapters must handle every kind. */
public sealed interface ContentPart {

    record Text(String text) implements ContentPart {
    }

    /**
     * An image, either by URL or inline. Inline images arrive from OpenAI clients as {@code data:} URLs; they are
     * split once so that adapters needing base64 plus a media type (Anthropic, Gemini) do not parse URLs again.
     *
     * @param url       an http(s) URL, or null when the image is inline
     * @param mediaType e.g. {@code image/png}, set for inline images
     * @param base64    the inline data, or null
     * @param detail    OpenAI's {@code detail} hint, or null
     */
    record Image(String url, String mediaType, String base64, String detail) implements ContentPart {

        public static Image fromUrl(String url, String detail) {
            if (url != null && url.startsWith("data:")) {
                int comma = url.indexOf(',');
                int semi = url.indexOf(';');
                if (comma > 0 && semi > 0 && semi < comma && url.substring(semi, comma).equals(";base64")) {
                    return new Image(null, url.substring(5, semi), url.substring(comma + 1), detail);
                }
            }
            return new Image(url, null, null, detail);
        }

        public boolean inline() {
            return base64 != null;
        }

        /** The image as a URL, inline images as a {@code data:} URL. */
        public String asUrl() {
            return inline() ? "data:" + mediaType + ";base64," + base64 : url;
        }
    }
}
