package io.icasdk.transfer.internal;

import java.nio.charset.Charset;

/** What can go wrong with a local file name on its way to ICA. */
public final class LocalNames {
    private LocalNames() {}

    /**
     * Why a local name cannot go to ICA as it is, or null when it can. Java decodes the bytes of file names
     * with the locale's character set and turns what it cannot decode into U+FFFD: such a name would reach
     * ICA mangled (every undecodable byte the same character), and two different files could get one name.
     *
     * @param name a file or folder name, or a relative path
     */
    public static String undecodable(String name) {
        if (name.indexOf('\uFFFD') < 0) {
            return null;
        }
        String encoding = System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name());
        boolean utf8 = encoding.replace("-", "").equalsIgnoreCase("UTF8");
        return "its name is not valid " + encoding + " text and would reach ICA mangled; "
                + (utf8 ? "rename it" : "run with a UTF-8 locale (e.g. LC_ALL=C.UTF-8), or rename it");
    }
}
