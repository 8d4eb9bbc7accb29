// Reads one text per stdin line and prints, per line, what Spark's own parser makes of it as a
// memory setting such as spark.driver.memory: "ok <MiB>" from
// org.apache.spark.network.util.JavaUtils.byteStringAsMb, or "error <exception class>: <message>".
// Input lines are hex-encoded UTF-8 (so spaces and empty strings survive line I/O).
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.spark.network.util.JavaUtils;

public final class ByteStringOracle {
    private static String unhex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; ++i)
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        String line;
        while ((line = in.readLine()) != null) {
            String text = unhex(line.trim());
            try {
                out.println("ok " + JavaUtils.byteStringAsMb(text));
            } catch (Exception e) {
                String message = String.valueOf(e.getMessage()).replace('\n', ' ').replace('\r', ' ');
                out.println("error " + e.getClass().getName() + ": " + message);
            }
        }
        out.flush();
    }
}
