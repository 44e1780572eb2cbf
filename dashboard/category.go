package dashboard

import (
	"github.com/labstack/echo/v4"

	"github.com/dualcarbon/dualcarbon/dashboard/pagecache"
	"github.com/dualcarbon/dualcarbon/dashboard/text"
)

// categoryView is the page of one category: every card of it, as the overview shows the first
// cardsPerCategory of them.
type categoryView struct {
	pageData
	categorySection
	Count       string // "103 indicators": its heading
	Description string
	Others      []categoryLink // every category's page, this one's too (the category nav)
}

type categoryLink struct{ Key, Name, URL string }

// categoryPage is GET /categories/:category: every indicator of one category as a card, in catalogue order, the
// cumulative changes on their year-on-year indicator's card, as of ?asof= like the overview. A category no
// indicator has is not found.
func (s *Server) categoryPage(c echo.Context) error {
	key := c.Param("category")
	if !validCode(key) {
		return notFound("err.category_not_found")
	}
	v, err := parseView(c)
	if err != nil {
		return err
	}
	v.From, v.To = 0, 0 // like the overview: everything
	rememberLang(c, v)
	ctx := c.Request().Context()
	return s.serveCached(c, "category:"+key+"?"+v.key(), htmlType, func(snap *pagecache.Snapshot) ([]byte, error) {
		all, err := s.cache.current(ctx, snap, v.AsOf)
		if err != nil {
			return nil, err
		}
		_, sections := s.sections(all, v, key, 0)
		if len(sections) == 0 {
			return nil, notFound("err.category_not_found")
		}
		size, err := s.renderCards("category", v.Lang, sections)
		if err != nil {
			return nil, err
		}
		sec := sections[0]
		cv := categoryView{pageData: viewPage(v, categoryPath(key)), categorySection: sec,
			Count: text.Tf(v.Lang, "category.count", sec.Total), Description: text.Tf(v.Lang, "category.description", sec.Name)}
		if sec.Total == 1 {
			cv.Count = text.T(v.Lang, "category.count_one")
		}
		for _, cat := range categoriesOf(all) {
			cv.Others = append(cv.Others, categoryLink{Key: cat, Name: text.CategoryName(v.Lang, cat), URL: v.Whole().Link(categoryPath(cat))})
		}
		return s.pages.renderSized("category", cv, size+32<<10)
	})
}

// categoriesOf are the categories of the indicators of all, each once, in the vocabulary's order.
func categoriesOf(all *AllData) []string {
	var cats []string
	for i := range all.Indicators {
		cats = append(cats, all.Indicators[i].Indicator.Category)
	}
	return categoryOrder(cats)
}
