// Reads one text per stdin line (hex-encoded UTF-8, so spaces and empty strings survive line I/O)
// and prints one answer per line, "ok <result>" or "error <why>".
//
// Without arguments: what Spark's own parser makes of the text as a memory setting such as
// spark.driver.memory: the MiB from org.apache.spark.network.util.JavaUtils.byteStringAsMb.
//
// With the argument "driver": what happens to the text as spark.driver.memory in a driver pod.
// There the image's entrypoint runs spark-submit in client mode with the properties file, and
// Spark's launcher (org.apache.spark.launcher.SparkSubmitCommandBuilder) starts the driver JVM
// with "-Xmx" + the text. The result is that -Xmx option when `java -Xmx... -version` (this JVM's
// java) starts, else the JVM's complaint.
import java.io.BufferedReader;
import java.io.File;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.spark.network.util.JavaUtils;

public final class ByteStringOracle {
    private static String unhex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; ++i)
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    // The -Xmx option Spark's launcher gives the driver JVM when spark.driver.memory is `memory`.
    private static String driverXmx(String memory, Path sparkHome) throws Exception {
        Path props = Files.createTempFile("spark", ".properties");
        try {
            Properties p = new Properties();
            p.setProperty("spark.driver.memory", memory);
            try (OutputStream out = new FileOutputStream(props.toFile())) {
                p.store(out, null);
            }
            // As the entrypoint of Spark's images runs the driver.
            List<String> args = List.of("--conf", "spark.driver.bindAddress=127.0.0.1", "--deploy-mode", "client",
                                        "--properties-file", props.toString(), "--class", "Main", "spark-internal");
            Class<?> builderClass = Class.forName("org.apache.spark.launcher.SparkSubmitCommandBuilder");
            Constructor<?> constructor = builderClass.getDeclaredConstructor(List.class);
            constructor.setAccessible(true);
            Object builder = constructor.newInstance(args);
            Field childEnv = Class.forName("org.apache.spark.launcher.AbstractCommandBuilder").getDeclaredField("childEnv");
            childEnv.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<String, String> env = (Map<String, String>) childEnv.get(builder);
            env.put("SPARK_HOME", sparkHome.toString());
            env.put("SPARK_SCALA_VERSION", "2.13");
            Method build = builderClass.getDeclaredMethod("buildCommand", Map.class);
            build.setAccessible(true);
            @SuppressWarnings("unchecked")
            List<String> command = (List<String>) build.invoke(builder, new HashMap<String, String>());
            for (String arg : command)
                if (arg.startsWith("-Xmx"))
                    return arg;
            return null;
        } finally {
            Files.deleteIfExists(props);
        }
    }

    // Starts this JVM's java with `xmx`; null when it starts, else the first line it complained with.
    private static String jvmRefuses(String xmx) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(java, xmx, "-version").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() == 0)
            return null;
        StringBuilder why = new StringBuilder();
        for (String line : output.split("\n"))
            if (!line.isBlank() && !line.startsWith("Error: Could not create"))
                why.append(why.length() > 0 ? "; " : "").append(line.trim());
        return why.length() > 0 ? why.toString() : "exit status " + p.exitValue();
    }

    public static void main(String[] args) throws Exception {
        boolean driver = args.length > 0 && args[0].equals("driver");
        Path sparkHome = null;
        if (driver) {
            // The launcher only needs SPARK_HOME/jars to exist to build the command.
            sparkHome = Files.createTempDirectory("spark-home");
            Files.createDirectories(sparkHome.resolve("jars"));
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        String line;
        while ((line = in.readLine()) != null) {
            String text = unhex(line.trim());
            try {
                if (driver) {
                    String xmx = driverXmx(text, sparkHome);
                    String refused = xmx == null ? "no -Xmx option" : jvmRefuses(xmx);
                    out.println(refused == null ? "ok " + xmx : "error " + refused);
                    out.flush();
                    continue;
                }
                out.println("ok " + JavaUtils.byteStringAsMb(text));
            } catch (Exception e) {
                String message = String.valueOf(e.getMessage()).replace('\n', ' ').replace('\r', ' ');
                out.println("error " + e.getClass().getName() + ": " + message);
            }
        }
        out.flush();
        if (sparkHome != null) {
            Files.deleteIfExists(sparkHome.resolve("jars"));
            Files.deleteIfExists(sparkHome);
        }
    }
}
