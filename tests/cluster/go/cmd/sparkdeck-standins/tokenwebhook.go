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

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
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
		if len(fields) < 2 || strings.HasPrefix(fields[0], "#") || fields[0] != token {
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
