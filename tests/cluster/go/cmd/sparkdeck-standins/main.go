// Command sparkdeck-standins is a STAND-IN, not a real Kubernetes component.
//
// SparkDeck's local test control plane (tests/cluster) runs the real etcd and the
// real kube-apiserver, but two components cannot run on a developer laptop or a CI
// runner without containers: the kubelet (needs a container runtime) and the
// Kubeflow Spark Operator (needs spark-submit and a JVM). This binary plays both,
// one role per process, talking to the real API server with client-go exactly as
// the real components do:
//
//	sparkdeck-standins kubelet  [flags]  – the node: registers a Node, runs the pods
//	                                       bound to it as simulated Spark containers
//	                                       (or, with --spark-home, as local processes),
//	                                       serves the kubelet log and port-forward API
//	                                       over mTLS.
//	sparkdeck-standins operator [flags]  – the Spark Operator (v2.x) controller for
//	                                       sparkoperator.k8s.io/v1beta2 SparkApplications.
//
// Each role's file documents how it mirrors the real component.
//
// One more role is test infrastructure and stands in for nothing:
//
//	sparkdeck-standins faultproxy [flags] – a fault-injection proxy in front of the
//	                                       kube-apiserver (faultproxy.go).
//	sparkdeck-standins tokenwebhook [flags] – a bearer-token authenticator webhook that
//	                                       accepts the tokens listed in a file (tokenwebhook.go).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: sparkdeck-standins kubelet|operator|faultproxy|tokenwebhook [flags]")
		os.Exit(2)
	}
	role, args := os.Args[1], os.Args[2:]
	if role == "pod-exec" { // internal: a container of the kubelet's process runtime
		os.Exit(runPodExec())
	}

	// klog is what client-go logs through; send it to stderr (the caller redirects
	// stderr to the component's log file).
	klog.InitFlags(nil)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	var err error
	switch role {
	case "kubelet":
		err = runKubelet(ctx, args)
	case "operator":
		err = runOperator(ctx, args)
	case "faultproxy":
		err = runFaultProxy(ctx, args)
	case "tokenwebhook":
		err = runTokenWebhook(ctx, args)
	default:
		err = fmt.Errorf("unknown role %q (want kubelet, operator, faultproxy or tokenwebhook)", role)
	}
	if err != nil {
		klog.ErrorS(err, "stand-in failed", "role", role)
		klog.Flush()
		os.Exit(1)
	}
	klog.InfoS("stand-in stopped", "role", role)
	klog.Flush()
}

// newFlagSet returns a flag set for one role that also accepts klog's flags (-v).
func newFlagSet(role string) *flag.FlagSet {
	fs := flag.NewFlagSet("sparkdeck-standins "+role, flag.ContinueOnError)
	flag.CommandLine.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, f.Name, f.Usage) })
	return fs
}

// newClientset builds a typed client from a kubeconfig file, identifying itself
// with the given user agent in the API server's audit and request logs.
func newClientset(kubeconfig, userAgent string) (*rest.Config, kubernetes.Interface, error) {
	if kubeconfig == "" {
		return nil, nil, fmt.Errorf("--kubeconfig is required")
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return nil, nil, fmt.Errorf("loading %s: %w", kubeconfig, err)
	}
	cfg.UserAgent = userAgent
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, nil, err
	}
	return cfg, cs, nil
}
