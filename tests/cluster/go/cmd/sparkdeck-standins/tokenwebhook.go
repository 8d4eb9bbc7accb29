package main

// The tokenwebhook role stands in for a cloud's token authenticator (EKS runs
// aws-iam-authenticator behind the API server's
// --authentication-token-webhook-config-file): the API server sends each bearer token
// it does not know as a TokenReview (authentication.k8s.io/v1) to POST /authenticate,
// and this role answers from a tokens file that it re-reads on every review, so a
// test can issue and revoke tokens by rewriting the file.
//
// Tokens file: one accepted token per line, "TOKEN USERNAME [GROUP[,GROUP...]]";
// blank lines and lines starting with '#' are ignored. A token not in the file is
// answered authenticated=false (the API server then replies 401).
//
// EKS-shaped tokens (what `aws eks get-token` prints: "k8s-aws-v1." and the base64url
// of an STS GetCallerIdentity URL presigned with SigV4, signing the x-k8s-aws-id header
// with the cluster name) are accepted by a line whose TOKEN is
// "aws-eks:CLUSTER:ACCESS_KEY_ID:SECRET_ACCESS_KEY": the URL must be STS's
// GetCallerIdentity, at most 15 minutes old (as aws-iam-authenticator allows), from that
// access key, and its signature must verify with that secret key for that cluster name.
// Where aws-iam-authenticator asks STS, this stand-in checks the signature itself, so no
// network or AWS account is needed.

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	"k8s.io/klog/v2"
)

func runTokenWebhook(ctx context.Context, args []string) error {
	fs := newFlagSet("tokenwebhook")
	listen := fs.String("listen", "127.0.0.1:0", "loopback address to serve HTTPS on")
	tokensFile := fs.String("tokens-file", "", `accepted tokens, one "TOKEN USERNAME [GROUPS]" per line, re-read on every review`)
	certFile := fs.String("tls-cert-file", "", "serving certificate")
	keyFile := fs.String("tls-private-key-file", "", "serving key")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *tokensFile == "" {
		return fmt.Errorf("--tokens-file is required")
	}
	if host, _, err := net.SplitHostPort(*listen); err != nil || !isLoopback(host) {
		return fmt.Errorf("%q is not a loopback address: the token webhook is for local tests only", *listen)
	}
	cert, err := tls.LoadX509KeyPair(*certFile, *keyFile)
	if err != nil {
		return fmt.Errorf("loading the serving certificate: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/authenticate", func(w http.ResponseWriter, r *http.Request) {
		var review authenticationv1.TokenReview
		if r.Method != http.MethodPost || json.NewDecoder(r.Body).Decode(&review) != nil {
			http.Error(w, "expected a TokenReview (authentication.k8s.io/v1) in a POST body", http.StatusBadRequest)
			return
		}
		user, ok, err := lookupToken(*tokensFile, review.Spec.Token)
		review.Status = authenticationv1.TokenReviewStatus{}
		switch {
		case err != nil:
			review.Status.Error = err.Error()
		case ok:
			review.Status.Authenticated = true
			review.Status.User = user
		}
		// Never log the token itself.
		klog.V(2).InfoS("token review", "authenticated", review.Status.Authenticated, "user", review.Status.User.Username)
		review.APIVersion, review.Kind = "authentication.k8s.io/v1", "TokenReview"
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(&review)
	})
	srv := &http.Server{
		Addr:              *listen,
		Handler:           mux,
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		ReadHeaderTimeout: 10 * time.Second,
	}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	klog.InfoS("token webhook serving", "address", *listen, "tokensFile", *tokensFile)
	if err := srv.ListenAndServeTLS("", ""); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// lookupToken reads the tokens file and returns the user of token, if listed.
func lookupToken(file, token string) (authenticationv1.UserInfo, bool, error) {
	f, err := os.Open(file)
	if err != nil {
		return authenticationv1.UserInfo{}, false, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024) // EKS-shaped tokens are long
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if spec, ok := strings.CutPrefix(fields[0], "aws-eks:"); ok {
			if !eksTokenValid(token, spec, time.Now()) {
				continue
			}
		} else if fields[0] != token {
			continue
		}
		user := authenticationv1.UserInfo{Username: fields[1]}
		if len(fields) > 2 {
			user.Groups = strings.Split(fields[2], ",")
		}
		return user, true, nil
	}
	return authenticationv1.UserInfo{}, false, sc.Err()
}

var stsHost = regexp.MustCompile(`^sts(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$`)

// eksTokenValid reports whether token is an EKS token for spec
// ("CLUSTER:ACCESS_KEY_ID:SECRET_ACCESS_KEY") at time now.
func eksTokenValid(token, spec string, now time.Time) bool {
	parts := strings.SplitN(spec, ":", 3)
	if len(parts) != 3 {
		return false
	}
	cluster, accessKey, secret := parts[0], parts[1], parts[2]
	encoded, ok := strings.CutPrefix(token, "k8s-aws-v1.")
	if !ok {
		return false
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(encoded, "="))
	if err != nil {
		return false
	}
	u, err := url.Parse(string(raw))
	if err != nil || u.Scheme != "https" || !stsHost.MatchString(u.Host) || (u.Path != "/" && u.Path != "") {
		return false
	}
	q := u.Query()
	if q.Get("Action") != "GetCallerIdentity" || q.Get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256" {
		return false
	}
	signed := strings.Split(q.Get("X-Amz-SignedHeaders"), ";")
	if len(signed) != 2 || signed[0] != "host" || signed[1] != "x-k8s-aws-id" {
		return false
	}
	credential := strings.Split(q.Get("X-Amz-Credential"), "/") // KEY/DATE/REGION/sts/aws4_request
	if len(credential) != 5 || credential[0] != accessKey || credential[3] != "sts" || credential[4] != "aws4_request" {
		return false
	}
	amzDate := q.Get("X-Amz-Date")
	signedAt, err := time.Parse("20060102T150405Z", amzDate)
	if err != nil || now.Sub(signedAt) > 15*time.Minute || signedAt.Sub(now) > 5*time.Minute || !strings.HasPrefix(amzDate, credential[1]) {
		return false
	}
	signature, err := hex.DecodeString(q.Get("X-Amz-Signature"))
	if err != nil {
		return false
	}
	// The canonical query string: every parameter but the signature, sorted, RFC 3986-encoded.
	keys := make([]string, 0, len(q))
	for k := range q {
		if k != "X-Amz-Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	pairs := make([]string, 0, len(keys))
	for _, k := range keys {
		pairs = append(pairs, sigv4Escape(k)+"="+sigv4Escape(q.Get(k)))
	}
	scope := strings.Join(credential[1:], "/")
	key := []byte("AWS4" + secret)
	for _, part := range credential[1:] {
		key = hmacSHA256(key, part)
	}
	emptyPayload := sha256.Sum256(nil)
	for _, payload := range []string{hex.EncodeToString(emptyPayload[:]), "UNSIGNED-PAYLOAD"} {
		canonical := strings.Join([]string{"GET", "/", strings.Join(pairs, "&"),
			"host:" + u.Host + "\nx-k8s-aws-id:" + cluster + "\n", "host;x-k8s-aws-id", payload}, "\n")
		digest := sha256.Sum256([]byte(canonical))
		toSign := "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex.EncodeToString(digest[:])
		if hmac.Equal(hmacSHA256(key, toSign), signature) {
			return true
		}
	}
	return false
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

// sigv4Escape is SigV4's URI encoding: everything but A-Z a-z 0-9 - _ . ~ as %XX.
func sigv4Escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
