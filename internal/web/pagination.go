package web

import (
	"net/http"
	"net/url"
	"strconv"
)

// PageNumber is the ?page= asked for, 1 when absent or nonsense.
func PageNumber(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// Pages links the pages 1 to last of a list at path with query q:
// previous, next, the first, the last and those either side of this one,
// with an ellipsis for the pages between (the GOV.UK pattern).
func Pages(path string, q url.Values, page, last int) Pagination {
	href := func(n int) string {
		v := url.Values{}
		for k, vs := range q {
			if len(vs) > 0 && vs[0] != "" {
				v[k] = vs
			}
		}
		v.Set("page", strconv.Itoa(n))
		return path + "?" + v.Encode()
	}
	var p Pagination
	if last <= 1 {
		return p
	}
	if page > 1 {
		p.Previous = href(page - 1)
	}
	if page < last {
		p.Next = href(page + 1)
	}
	for n := 1; n <= last; n++ {
		switch {
		case n == 1 || n == last || (n >= page-1 && n <= page+1):
			p.Items = append(p.Items, PageLink{Number: n, Href: href(n), Current: n == page})
		case !p.Items[len(p.Items)-1].Ellipsis:
			p.Items = append(p.Items, PageLink{Ellipsis: true})
		}
	}
	return p
}
