package cli

import (
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/cirrus-tui/cirrus/api/fake"
)

func init() { register(addDemoServer) }

// addDemoServer adds `cirrus demo-server`: the fake SoundCloud, standalone,
// so cirrus, curl, mpv or any other SoundCloud client can be pointed at it.
func addDemoServer(root *cobra.Command) {
	var addr, cdnURL, appPlan string
	var allowRemote, verbose bool
	cmd := &cobra.Command{
		Use:   "demo-server",
		Short: "Run the built-in fake SoundCloud (API, OAuth, CDN) with the demo catalogue",
		Long: "Runs an in-process SoundCloud double on loopback: the public API, the OAuth host,\n" +
			"a signed-URL media CDN and soundcloud.com pages for oEmbed and /resolve, seeded with\n" +
			"the demo catalogue. It prints the base URLs and the demo app's credentials and runs\n" +
			"until interrupted.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				return withCode(ExitUsage, fmt.Errorf("demo-server: --addr %q: %w", addr, err))
			}
			if !isLoopback(host) && !allowRemote {
				return withCode(ExitUsage, fmt.Errorf("demo-server: %s is not a loopback address; pass --allow-remote to listen on it", host))
			}
			var faults fake.Faults
			switch appPlan {
			case "full":
			case "limited":
				faults.LimitedApp = true
			default:
				return withCode(ExitUsage, fmt.Errorf("demo-server: --app-plan %q: want full or limited", appPlan))
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			var logOut io.Writer = io.Discard
			if verbose {
				logOut = cmd.ErrOrStderr()
			}
			srv, err := fake.New(fake.Options{
				Addr:    host,
				APIAddr: addr,
				// Dates relative to now, so clients show a fresh feed.
				SeedTime:   time.Now(),
				Logger:     slog.New(slog.NewTextHandler(logOut, nil)),
				CDNBaseURL: cdnURL,
				Faults:     faults,
			})
			if err != nil {
				return withCode(ExitError, fmt.Errorf("demo-server: %w", err))
			}
			printDemoBanner(cmd.OutOrStdout(), srv)
			if faults.LimitedApp {
				fmt.Fprintln(cmd.OutOrStdout(), "App plan: limited. /tracks/{urn}/streams and every write answer 403, as SoundCloud answers an app\nwithout a paid plan; about a quarter of tracks are preview or blocked.")
			}
			srv.Wait(ctx)
			fmt.Fprintln(cmd.ErrOrStderr(), "demo-server: stopped")
			return nil
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "host:port of the API listener (auth, CDN and web get free ports on the same host)")
	cmd.Flags().StringVar(&cdnURL, "cdn-url", "", "base URL that signed media URLs point at instead of the CDN listener (a proxy in front of it)")
	cmd.Flags().BoolVar(&allowRemote, "allow-remote", false, "allow a non-loopback --addr (the fake has no real security)")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "log to stderr")
	cmd.Flags().StringVar(&appPlan, "app-plan", "full", "what the demo app may do: full, or limited (403 on streams and writes, as SoundCloud answers apps without a paid plan since 2026)")
	root.AddCommand(cmd)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func printDemoBanner(w io.Writer, s *fake.Server) {
	tok, _ := s.IssueToken(fake.DemoUserPermalink)
	// The CDN line names the listener; with --cdn-url, also where the
	// signed URLs point, so the proxy there knows where to forward.
	cdn := s.CDNListenURL()
	if s.CDNURL() != cdn {
		cdn += "   (signed URLs point at " + s.CDNURL() + ")"
	}
	fmt.Fprintf(w, `cirrus demo server: a fake SoundCloud with the demo catalogue

  API      %s
  Auth     %s   (/authorize, /oauth/token, /sign-out)
  CDN      %s
  Web      %s   (/oembed, permalink pages)

  client id      %s
  client secret  %s
  redirect URI   %s (any http://127.0.0.1:<port>/callback works)
  demo user      %s (%s), already signed in on /authorize

Try:
  curl -H 'Authorization: OAuth %s' %s/me
  curl -u '%s:%s' -d grant_type=client_credentials %s/oauth/token

Press Ctrl-C to stop.
`, s.URL(), s.AuthURL(), cdn, s.WebURL(),
		fake.DemoClientID, fake.DemoClientSecret, fake.DemoRedirectURI,
		fake.DemoUserPermalink, s.DemoUserURN(),
		tok, s.URL(),
		fake.DemoClientID, fake.DemoClientSecret, s.AuthURL())
}
