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
//	                  application controller calls it (with a CRON_TZ=UTC prefix)
//
// It lives outside ./cmd so that it does not change the control plane build's hash.
package main

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"os"
	"strings"

	"github.com/distribution/reference"
	"github.com/robfig/cron/v3"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation"
)

func answer(kind, text string) (string, error) {
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
		if _, err := cron.ParseStandard(schedule); err != nil {
			return "", err
		}
		return text, nil
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
