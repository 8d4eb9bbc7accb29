// Command sparkdeck-oracle answers, for SparkDeck's oracle tests, what the real Kubernetes and
// operator code makes of a text. It reads lines "<kind> <hex of the UTF-8 text>" on stdin and
// prints one line per input: "ok <result>" or "error <message>". Kinds:
//
//	quantity          k8s.io/apimachinery resource.ParseQuantity; result: the exact decimal value
//	dns1123label      validation.IsDNS1123Label (namespace names)
//	dns1123subdomain  validation.IsDNS1123Subdomain (object names the API server accepts)
//	dns1035label      validation.IsDNS1035Label (SparkApplication names the operator's webhook accepts)
//	image             github.com/distribution/reference ParseNormalizedNamed (what container
//	                  runtimes parse an image with); result: the normalized reference
//	cron              github.com/robfig/cron/v3 ParseStandard, as the operator's scheduled
//	                  application controller calls it (with a CRON_TZ=UTC prefix unless the text
//	                  has one); result: "every <seconds>" or "spec" and the minute, hour,
//	                  day-of-month, month and day-of-week bit sets in hex (bit 63: a bare '*' or '?')
//	next              the next activation times of a schedule, as Schedule.Next gives them, each
//	                  from the previous one. The text is four lines: the application's spec.timeZone
//	                  (an IANA name), its spec.schedule, the start time in Unix seconds, the number
//	                  of times wanted. The schedule is parsed as the operator's scheduled application
//	                  controller does: "CRON_TZ=<timeZone> " is put in front unless it starts with
//	                  CRON_TZ= or TZ=, then ParseStandard. Result: the times in Unix seconds,
//	                  separated by spaces, fewer when Next gives the zero time (no match in 5 years)
//
// It lives outside ./cmd so that it does not change the control plane build's hash.
package main

import (
	"bufio"
	_ "crypto/sha256" // the digest algorithms container runtimes link (go-digest checks Available())
	_ "crypto/sha512"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/distribution/reference"
	"github.com/robfig/cron/v3"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation"
)

func answer(kind, text string) (result string, err error) {
	defer func() {
		// robfig/cron panics on some texts ("CRON_TZ=UTC" alone); for the form that is a rejection.
		if p := recover(); p != nil {
			result, err = "", fmt.Errorf("panic: %v", p)
		}
	}()
	errs := func(list []string) (string, error) {
		if len(list) > 0 {
			return "", fmt.Errorf("%s", strings.Join(list, "; "))
		}
		return text, nil
	}
	switch kind {
	case "quantity":
		q, err := resource.ParseQuantity(text)
		if err != nil {
			return "", err
		}
		return q.AsDec().String(), nil
	case "dns1123label":
		return errs(validation.IsDNS1123Label(text))
	case "dns1123subdomain":
		return errs(validation.IsDNS1123Subdomain(text))
	case "dns1035label":
		return errs(validation.IsDNS1035Label(text))
	case "image":
		named, err := reference.ParseNormalizedNamed(text)
		if err != nil {
			return "", err
		}
		return named.String(), nil
	case "cron":
		schedule := text
		if !strings.HasPrefix(schedule, "CRON_TZ=") && !strings.HasPrefix(schedule, "TZ=") {
			schedule = "CRON_TZ=UTC " + schedule
		}
		parsed, err := cron.ParseStandard(schedule)
		if err != nil {
			return "", err
		}
		switch s := parsed.(type) {
		case *cron.SpecSchedule:
			return fmt.Sprintf("spec %x %x %x %x %x", s.Minute, s.Hour, s.Dom, s.Month, s.Dow), nil
		case cron.ConstantDelaySchedule:
			return fmt.Sprintf("every %d", int64(s.Delay.Seconds())), nil
		}
		return fmt.Sprintf("%T", parsed), nil
	case "next":
		lines := strings.Split(text, "\n")
		if len(lines) != 4 {
			return "", fmt.Errorf("expected 4 lines, got %d", len(lines))
		}
		if _, err := time.LoadLocation(lines[0]); err != nil {
			return "", err
		}
		schedule := lines[1]
		if !strings.HasPrefix(schedule, "CRON_TZ=") && !strings.HasPrefix(schedule, "TZ=") {
			schedule = fmt.Sprintf("CRON_TZ=%s %s", lines[0], schedule)
		}
		parsed, err := cron.ParseStandard(schedule)
		if err != nil {
			return "", err
		}
		start, err := strconv.ParseInt(lines[2], 10, 64)
		if err != nil {
			return "", err
		}
		count, err := strconv.Atoi(lines[3])
		if err != nil {
			return "", err
		}
		t := time.Unix(start, 0)
		var times []string
		for i := 0; i < count; i++ {
			t = parsed.Next(t)
			if t.IsZero() {
				break
			}
			times = append(times, strconv.FormatInt(t.Unix(), 10))
		}
		return strings.Join(times, " "), nil
	}
	return "", fmt.Errorf("unknown kind %q", kind)
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		kind, encoded, _ := strings.Cut(strings.TrimSpace(in.Text()), " ")
		raw, err := hex.DecodeString(encoded)
		var result string
		if err == nil {
			result, err = answer(kind, string(raw))
		}
		line := "ok " + result
		if err != nil {
			line = "error " + err.Error()
		}
		fmt.Fprintln(out, strings.NewReplacer("\n", " ", "\r", " ").Replace(line))
	}
}
