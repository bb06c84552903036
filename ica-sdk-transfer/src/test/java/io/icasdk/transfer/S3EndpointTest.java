package io.icasdk.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icasdk.core.IcaConfigurationException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where S3 is: the endpoint set, else the AWS tools' environment variables, else AWS's own. */
class S3EndpointTest {
    @Test
    void theEndpointSet_winsOverTheEnvironment() {
        URI set = URI.create("http://127.0.0.1:9000");
        assertThat(TransferManager.s3Endpoint(set, Map.of("AWS_ENDPOINT_URL_S3", "http://elsewhere:1"))).isEqualTo(set);
    }

    @Test
    void withoutOne_theS3VariableComesBeforeTheGeneralOne_andNeitherMeansAws() {
        assertThat(TransferManager.s3Endpoint(null, Map.of("AWS_ENDPOINT_URL_S3", " http://127.0.0.1:9000 ",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:9999"))).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(TransferManager.s3Endpoint(null, Map.of("AWS_ENDPOINT_URL_S3", "",
                "AWS_ENDPOINT_URL", "https://s3.example.org"))).isEqualTo(URI.create("https://s3.example.org"));
        assertThat(TransferManager.s3Endpoint(null, Map.of())).isNull();
    }

    @Test
    void aVariableThatIsNoUrl_isAClearConfigurationError() {
        assertThatThrownBy(() -> TransferManager.s3Endpoint(null, Map.of("AWS_ENDPOINT_URL_S3", "127.0.0.1:9000")))
                .isInstanceOf(IcaConfigurationException.class)
                .hasMessageContaining("AWS_ENDPOINT_URL_S3 is set to '127.0.0.1:9000'");
        assertThatThrownBy(() -> TransferManager.s3Endpoint(null, Map.of("AWS_ENDPOINT_URL", "not a url")))
                .isInstanceOf(IcaConfigurationException.class).hasMessageContaining("AWS_ENDPOINT_URL ");
    }
}
