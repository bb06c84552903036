package io.icasdk.transfer.internal.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.icasdk.transfer.internal.journal.PartRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class S3XmlTest {
    @Test
    void text_isTheFirstElementsUnescapedText_orNull() {
        String xml = "<R><UploadId>a&amp;b&lt;c&gt;&quot;&apos;&#65;&#x42;</UploadId><UploadId>2</UploadId></R>";
        assertThat(S3Xml.text(xml, "UploadId")).isEqualTo("a&b<c>\"'AB");
        assertThat(S3Xml.text("<R><Key></Key></R>", "Key")).isEmpty();
        assertThat(S3Xml.text("<R><Key>k</Key></R>", "UploadId")).isNull();
        assertThat(S3Xml.text("<R><Key>unclosed", "Key")).isNull();
    }

    @Test
    void elements_areEachContentInOrder() {
        assertThat(S3Xml.elements("<R><Part><N>1</N></Part><X/><Part><N>2</N></Part><Part>open", "Part"))
                .containsExactly("<N>1</N>", "<N>2</N>");
        assertThat(S3Xml.elements("<R><IsTruncated>false</IsTruncated></R>", "Part")).isEmpty();
    }

    @Test
    void unescape_keepsWhatIsNotAnEntity() {
        assertThat(S3Xml.unescape("a & b &unknown; &#xZZ; &")).isEqualTo("a & b &unknown; &#xZZ; &");
        assertThat(S3Xml.unescape("\u00e9&#233;&#x1F600;")).isEqualTo("\u00e9\u00e9\uD83D\uDE00");
    }

    @Test
    void escape_roundTripsThroughUnescape() {
        String text = "\"etag\" & <x> 'y' \u00e9";
        assertThat(S3Xml.escape(text)).doesNotContain("\"", "<", ">", "'");
        assertThat(S3Xml.unescape(S3Xml.escape(text))).isEqualTo(text);
    }

    @Test
    void isError_seesAnErrorRootAfterWhitespaceAndTheDeclaration_only() {
        assertThat(S3Xml.isError("<Error><Code>InternalError</Code></Error>")).isTrue();
        assertThat(S3Xml.isError("\n  \n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>X</Code></Error>"))
                .isTrue();
        assertThat(S3Xml.isError("<CompleteMultipartUploadResult><ETag>e</ETag></CompleteMultipartUploadResult>"))
                .isFalse();
        assertThat(S3Xml.isError("<Result><Error>nested</Error></Result>")).isFalse();
        assertThat(S3Xml.isError("")).isFalse();
        assertThat(S3Xml.isError("<?xml unterminated")).isFalse();
    }

    @Test
    void completeMultipartUpload_listsEachPartWithItsChecksum_whenThereIsOne() {
        List<PartRecord> parts = List.of(new PartRecord(1, 5, "\"e1\"", "c1"), new PartRecord(2, 5, "\"e2\"", null));
        assertThat(S3Xml.completeMultipartUpload(parts, "ChecksumCRC32")).isEqualTo(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                        + "<Part><ETag>&quot;e1&quot;</ETag><ChecksumCRC32>c1</ChecksumCRC32><PartNumber>1</PartNumber>"
                        + "</Part><Part><ETag>&quot;e2&quot;</ETag><PartNumber>2</PartNumber></Part>"
                        + "</CompleteMultipartUpload>");
        assertThat(S3Xml.completeMultipartUpload(parts, null)).doesNotContain("Checksum");
    }
}
