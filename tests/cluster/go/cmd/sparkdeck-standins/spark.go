// Names shared by both STAND-IN roles: the labels, container names and configuration
// keys that the real Spark Operator (v2.x) and Spark on Kubernetes (3.5) put on the
// objects they create, plus the Java properties format Spark uses for the driver's
// spark.properties (the file the operator stand-in writes into the driver's config map
// and the kubelet stand-in's simulated driver reads back).
package main

import (
	"bufio"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

const (
	labelSparkRole        = "spark-role"
	labelSparkAppSelector = "spark-app-selector" // the Spark application ID
	labelSparkAppName     = "spark-app-name"
	labelSparkVersion     = "spark-version"
	labelSparkExecID      = "spark-exec-id"
	labelSparkExecProfile = "spark-exec-resourceprofile-id"
	labelAppName          = "sparkoperator.k8s.io/app-name"
	labelSubmissionID     = "sparkoperator.k8s.io/submission-id"
	labelLaunchedBy       = "sparkoperator.k8s.io/launched-by-spark-operator"

	sparkRoleDriver   = "driver"
	sparkRoleExecutor = "executor"

	driverContainerName   = "spark-kubernetes-driver"
	executorContainerName = "spark-kubernetes-executor"

	sparkConfDir        = "/opt/spark/conf"
	sparkPropertiesFile = sparkConfDir + "/spark.properties"
	driverRPCPort       = 7078
	blockManagerPort    = 7079
	sparkUIPort         = 4040

	// outcomeAnnotation on a SparkApplication makes the simulated job fail; the operator
	// stand-in passes it to the driver as this Spark configuration key.
	outcomeAnnotation = "sparkdeck.dev/standin-outcome"
	outcomeConfKey    = "spark.sparkdeck.standin.outcome"

	// runSecondsAnnotation on a SparkApplication sets how long its simulated job runs (instead
	// of the kubelet's --run-duration); passed to the driver as runSecondsConfKey.
	runSecondsAnnotation = "sparkdeck.dev/standin-run-seconds"
	runSecondsConfKey    = "spark.sparkdeck.standin.runSeconds"

	// logLinesAnnotation on a SparkApplication makes its simulated driver print that many
	// extra Spark-like log lines (task and block manager chatter, as fast as it can) after
	// its job, for SparkDeck's log benchmarks (bench/); passed to the driver as
	// logLinesConfKey.
	logLinesAnnotation = "sparkdeck.dev/standin-log-lines"
	logLinesConfKey    = "spark.sparkdeck.standin.logLines"
)

// formatProperties renders a Java properties file as java.util.Properties.store does.
func formatProperties(comment string, props map[string]string, now time.Time) string {
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "#%s\n#%s\n", comment, now.UTC().Format("Mon Jan 02 15:04:05 MST 2006"))
	escape := strings.NewReplacer(`\`, `\\`, "=", `\=`, ":", `\:`, "\n", `\n`, "#", `\#`, "!", `\!`)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%s\n", escape.Replace(k), escape.Replace(props[k]))
	}
	return b.String()
}

// parseProperties reads the subset of the Java properties format formatProperties writes.
func parseProperties(text string) map[string]string {
	props := map[string]string{}
	scanner := bufio.NewScanner(strings.NewReader(text))
	for scanner.Scan() {
		line := strings.TrimSpace(scanner.Text())
		if line == "" || line[0] == '#' || line[0] == '!' {
			continue
		}
		var key, value strings.Builder
		dst, escaped := &key, false
		for _, r := range line {
			switch {
			case escaped:
				if r == 'n' {
					r = '\n'
				}
				dst.WriteRune(r)
				escaped = false
			case r == '\\':
				escaped = true
			case (r == '=' || r == ':') && dst == &key:
				dst = &value
			default:
				dst.WriteRune(r)
			}
		}
		props[key.String()] = value.String()
	}
	return props
}

// sparkMemoryMiB converts a Spark memory string ("512m", "1g", "2048", "1gb") to MiB.
func sparkMemoryMiB(s string) int64 {
	s = strings.ToLower(strings.TrimSpace(s))
	digits := strings.TrimRight(s, "kmgtb")
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return 1024
	}
	switch strings.TrimSuffix(s[len(digits):], "b") {
	case "k":
		return max(n/1024, 1)
	case "g":
		return n * 1024
	case "t":
		return n * 1024 * 1024
	default: // "m" or no unit
		return n
	}
}

var notDNSLabelChars = regexp.MustCompile(`[^a-z0-9-]+`)

// sparkAppNameLabel is an application name as Spark puts it in a label or a resource
// name: lower case, runs of other characters replaced by "-", at most max characters.
func sparkAppNameLabel(name string, max int) string {
	name = strings.Trim(notDNSLabelChars.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if len(name) > max {
		name = strings.TrimRight(name[:max], "-")
	}
	return name
}
