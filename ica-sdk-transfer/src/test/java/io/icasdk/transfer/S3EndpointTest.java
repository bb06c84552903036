package io.icasdk.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icasdk.core.HttpProxy;
import io.icasdk.core.IcaConfigurationException;
import io.icasdk.transfer.internal.s3.S3Store;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Where S3 is: the endpoint set, else the AWS tools' environment variables, else AWS's own host for the bucket,
 * which is also the host whose proxy route counts.
 */
class S3EndpointTest {
    @Test
    void theProxyRouteOfS3_isDecidedForTheBucketsOwnHost_asNoProxyNamesIt() {
        for (String noProxy : new String[] {".s3.us-east-1.amazonaws.com", "*.s3.us-east-1.amazonaws.com",
                "gds-use1.s3.us-east-1.amazonaws.com", "amazonaws.com"}) {
            HttpProxy p = HttpProxy.of("http://proxy.corp:3128", noProxy);
            assertThat(p.route(S3Store.endpoint(null, "us-east-1", "gds-use1"))).as(noProxy).isEmpty();
            assertThat(p.route(S3Store.endpoint(null, "us-east-1", "other"))).as(noProxy)
                    .isEqualTo(noProxy.startsWith("gds") ? p.route(URI.create("https://x.example")) : Optional.empty());
        }
        assertThat(S3Store.endpoint(null, "eu-central-1", "a.dotted.bucket"))
                .isEqualTo(URI.create("https://s3.eu-central-1.amazonaws.com"));
        assertThat(S3Store.endpoint(URI.create("http://s3.test:9000"), "eu-central-1", "b"))
                .isEqualTo(URI.create("http://s3.test:9000"));
    }

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
