package io.icasdk.transfer.internal.s3;

import io.icasdk.transfer.internal.journal.PartRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The little XML that native requests read and write: the text of the elements of S3's answers (an upload
 * id, an ETag, a listed part, an error's code and message) and the body of a CompleteMultipartUpload.
 * S3's answers are flat and machine-written (no CDATA, no nested element of the same name), so a scan for
 * the element is enough; its text is unescaped. Stateless.
 */
final class S3Xml {
    private S3Xml() {}

    /** The unescaped text of the first {@code <element>} of {@code xml}, or null when it has none. */
    static String text(String xml, String element) {
        String open = "<" + element + ">";
        int start = xml.indexOf(open);
        if (start < 0) {
            return null;
        }
        start += open.length();
        int end = xml.indexOf("</" + element + ">", start);
        return end < 0 ? null : unescape(xml.substring(start, end));
    }

    /**
     * The content of each {@code <element>} of {@code xml} in order (elements of that name that are not
     * nested in one another, such as the {@code Part}s of a ListParts answer).
     */
    static List<String> elements(String xml, String element) {
        String open = "<" + element + ">";
        String close = "</" + element + ">";
        List<String> found = new ArrayList<>();
        int start = xml.indexOf(open);
        while (start >= 0) {
            int end = xml.indexOf(close, start + open.length());
            if (end < 0) {
                break;
            }
            found.add(xml.substring(start + open.length(), end));
            start = xml.indexOf(open, end + close.length());
        }
        return found;
    }

    /**
     * Whether an answer is an S3 error document ({@code <Error>} as its root), which S3 also sends with a
     * 200 when a CompleteMultipartUpload fails after it began answering (whitespace first, to keep the
     * connection open).
     */
    static boolean isError(String xml) {
        int i = 0;
        while (true) {
            while (i < xml.length() && Character.isWhitespace(xml.charAt(i))) {
                i++;
            }
            if (!xml.startsWith("<?", i)) {
                return xml.startsWith("<Error>", i) || xml.startsWith("<Error ", i);
            }
            int end = xml.indexOf("?>", i);
            if (end < 0) {
                return false;
            }
            i = end + 2;
        }
    }

    /**
     * The body of a CompleteMultipartUpload of these parts, in part-number order.
     *
     * @param checksumElement the element of the parts' checksums ({@code ChecksumCRC32C}, ...), or null
     */
    static String completeMultipartUpload(List<PartRecord> partsInOrder, String checksumElement) {
        StringBuilder sb = new StringBuilder(64 + partsInOrder.size() * 120);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .append("<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        for (PartRecord p : partsInOrder) {
            sb.append("<Part><ETag>").append(escape(p.etag())).append("</ETag>");
            if (checksumElement != null && p.checksum() != null) {
                sb.append('<').append(checksumElement).append('>').append(escape(p.checksum()))
                        .append("</").append(checksumElement).append('>');
            }
            sb.append("<PartNumber>").append(p.number()).append("</PartNumber></Part>");
        }
        return sb.append("</CompleteMultipartUpload>").toString();
    }

    /** Text escaped for an element's content. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Replaces the five predefined entities and character references ({@code &#34;}, {@code &#x22;}). */
    static String unescape(String text) {
        int amp = text.indexOf('&');
        if (amp < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        int i = 0;
        while (amp >= 0) {
            sb.append(text, i, amp);
            int semi = text.indexOf(';', amp);
            String entity = semi < 0 ? "" : text.substring(amp + 1, semi);
            String replacement = switch (entity) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> characterReference(entity);
            };
            if (replacement == null) { // not an entity: kept as it is
                sb.append('&');
                i = amp + 1;
            } else {
                sb.append(replacement);
                i = semi + 1;
            }
            amp = text.indexOf('&', i);
        }
        return sb.append(text, i, text.length()).toString();
    }

    private static String characterReference(String entity) {
        if (entity.length() < 2 || entity.charAt(0) != '#') {
            return null;
        }
        boolean hex = entity.charAt(1) == 'x' || entity.charAt(1) == 'X';
        try {
            int code = Integer.parseInt(entity.substring(hex ? 2 : 1), hex ? 16 : 10);
            return Character.isValidCodePoint(code) ? new String(Character.toChars(code)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
