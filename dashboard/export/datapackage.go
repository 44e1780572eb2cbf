package export

import (
	"archive/zip"
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dualcarbon/dualcarbon/db/record"
)

// Dataset is everything the data package holds. Observations streams the
// observations (every vintage, in export order) to fn, so that a package of
// millions of rows is written in constant memory; from ReadDataset, it reads
// the snapshot of the other tables and works only within ReadDataset's fn.
type Dataset struct {
	Version      int64       // the state of the data: the sum of the counts of changes (db.DataVersions.Total), read with the tables; in the README
	AsOf         record.AsOf // the as-of date the package was made for ("" = today's data): in datapackage.json and the README
	Regions      []record.Region
	Indicators   []record.Indicator
	Sources      []record.Source
	Targets      []record.Target
	Events       []record.Event
	Assessments  []record.Assessment // the published ratings of regions (barometers), each with its ratings
	Observations func(fn func(*record.ExportRow) error) error
}

// PackageName is the name of the data package and the stem of its file.
const PackageName = "dualcarbon"

// Citation is how to cite the dataset; each figure's own source comes first.
const Citation = "dualcarbon: China's green-transition indicators against their official targets, " +
	"compiled from the official publications listed in sources.csv."

// Licence is the licence of the compilation: the selection and arrangement of the figures, the targets and
// statuses, the derived indices, notes and translations. The figures themselves are facts quoted from their
// publishers (LicenceNote); CC BY 4.0 asks only for credit, as the open sources the data reuses do (OWID).
const (
	Licence     = "CC-BY-4.0"
	LicenceURL  = "https://creativecommons.org/licenses/by/4.0/"
	LicenceName = "Creative Commons Attribution 4.0 International"
)

// LicenceNote says on what terms the compilation and the figures may be reused: in the data package, its
// README and every download.
const LicenceNote = "The compilation (selection and arrangement, targets and statuses, derived indices, notes, translations) " +
	"is licensed under " + LicenceName + " (" + LicenceURL + "): credit dualcarbon and the page address. " +
	"Every figure is quoted from the publication named in its source (title, publisher, URL, publication date). " +
	"Figures of Chinese government bodies (NBS, MEE, NEA, NDRC, the State Council) are official documents and statistics, " +
	"outside copyright under article 5 of the Copyright Law of the PRC; Our World in Data (with the Energy Institute's " +
	"Statistical Review) is reused under CC BY 4.0 with attribution; news and industry articles remain under their " +
	"publishers' copyright and are quoted in short extracts. Cite the original publication for each figure, and this " +
	"compilation for the selection and the derived figures."

// zipTime is the modification time of every file in the zip: fixed, so that
// the same data gives the same bytes.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Field is a field of a Table Schema (Frictionless Data).
type Field struct {
	Name        string       `json:"name"`
	Type        string       `json:"type"` // string, integer, number, boolean, date, year
	Format      string       `json:"format,omitempty"`
	Description string       `json:"description,omitempty"`
	Constraints *Constraints `json:"constraints,omitempty"`
}

// Constraints of a field.
type Constraints struct {
	Required bool     `json:"required,omitempty"`
	Unique   bool     `json:"unique,omitempty"`
	Enum     []string `json:"enum,omitempty"`
	Pattern  string   `json:"pattern,omitempty"`
	Minimum  *int     `json:"minimum,omitempty"`
	Maximum  *int     `json:"maximum,omitempty"`
}

// ForeignKey of a Table Schema.
type ForeignKey struct {
	Fields    []string `json:"fields"`
	Reference struct {
		Resource string   `json:"resource"`
		Fields   []string `json:"fields"`
	} `json:"reference"`
}

// Schema is a Table Schema.
type Schema struct {
	Fields        []Field      `json:"fields"`
	PrimaryKey    []string     `json:"primaryKey"`
	ForeignKeys   []ForeignKey `json:"foreignKeys,omitempty"`
	MissingValues []string     `json:"missingValues"`
}

// Resource is one CSV file of the package.
type Resource struct {
	Profile     string `json:"profile"`
	Name        string `json:"name"`
	Path        string `json:"path"`
	Title       string `json:"title"`
	Format      string `json:"format"`
	MediaType   string `json:"mediatype"`
	Encoding    string `json:"encoding"`
	Description string `json:"description,omitempty"`
	Schema      Schema `json:"schema"`
}

// Descriptor is datapackage.json.
type Descriptor struct {
	Profile     string    `json:"profile"`
	Name        string    `json:"name"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Version     string    `json:"version"`
	Citation    string    `json:"citation"`
	Licenses    []License `json:"licenses"`
	Licence     string    `json:"licence_note"`
	// AsOf is the as-of date the package was made for: only what had been published by then (the rule of
	// record.PublishedBy). Absent: the data as it stands.
	AsOf      string     `json:"as_of,omitempty"`
	Resources []Resource `json:"resources"`
}

// License is a licence of a data package (Frictionless: name, path, title).
type License struct {
	Name  string `json:"name"`
	Path  string `json:"path"`
	Title string `json:"title"`
}

// Patterns of dates given to the precision the source gives, and of codes.
const (
	partialDate = `\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?`
	csvNote     = "Text cells starting with = + - @, a tab or a carriage return carry a leading apostrophe " +
		"(spreadsheet formula injection is neutralised); numbers are never altered."
)

func intp(i int) *int { return &i }

func str(name, desc string, c *Constraints) Field {
	return Field{Name: name, Type: "string", Description: desc, Constraints: c}
}

func required() *Constraints { return &Constraints{Required: true} }

// enum constrains a field to values (a vocabulary of package record); the empty value of an optional field is
// the missing value, never listed.
func enum(required bool, values []string) *Constraints {
	var listed []string
	for _, v := range values {
		if v != "" {
			listed = append(listed, v)
		}
	}
	return &Constraints{Required: required, Enum: listed}
}

func fk(field, resource, ref string) ForeignKey {
	k := ForeignKey{Fields: []string{field}}
	k.Reference.Resource, k.Reference.Fields = resource, []string{ref}
	return k
}

// resources describes every file of the package; the writers below follow it
// column for column (a test checks each value against its declared type).
func resources() []Resource {
	res := func(name, title, desc string, s Schema) Resource {
		s.MissingValues = []string{""}
		return Resource{Profile: "tabular-data-resource", Name: name, Path: "data/" + name + ".csv", Title: title,
			Format: "csv", MediaType: "text/csv", Encoding: "utf-8", Description: desc + " " + csvNote, Schema: s}
	}
	year := func(name, desc string, req bool) Field {
		f := Field{Name: name, Type: "year", Description: desc}
		if req {
			f.Constraints = required()
		}
		return f
	}
	return []Resource{
		res("regions", "Regions", "The country (CN) and its provincial-level regions (ISO 3166-2:CN).", Schema{
			Fields: []Field{
				str("code", "ISO 3166-2:CN code", &Constraints{Required: true, Unique: true, Pattern: `CN(-[A-Z]{2})?`}),
				str("name_en", "", required()), str("name_zh", "", required()),
				str("level", "", enum(true, record.RegionLevels())),
				str("official_en", "official name (Inner Mongolia Autonomous Region)", nil),
				str("official_zh", "official name (内蒙古自治区)", nil),
			},
			PrimaryKey: []string{"code"},
		}),
		res("indicators", "Indicators", "What is measured, in which unit, and which way is progress.", Schema{
			Fields: []Field{
				str("code", "stable identifier", &Constraints{Required: true, Unique: true, Pattern: `[a-z][a-z0-9_]{1,62}`}),
				str("name_en", "", required()), str("name_zh", "", required()),
				str("unit", "unit of the values", required()), str("unit_zh", "", nil),
				str("definition_en", "", nil), str("definition_zh", "", nil),
				str("category", "", enum(true, record.Categories())),
				str("direction", "up: a rise is progress; down: a fall is progress", enum(true, record.Directions())),
				{Name: "precision", Type: "integer", Description: "decimals to show",
					Constraints: &Constraints{Required: true, Minimum: intp(0), Maximum: intp(6)}},
				str("measure", "level: values are levels; yoy_change: published year-on-year % changes",
					enum(true, record.Measures())),
				year("break_year", "first year of a new definition (a break in the series)", false),
				str("break_note_en", "", nil), str("break_note_zh", "", nil),
				{Name: "sort_order", Type: "integer", Constraints: required()},
			},
			PrimaryKey: []string{"code"},
		}),
		res("sources", "Sources", "The publications the figures come from.", Schema{
			Fields: []Field{
				{Name: "id", Type: "integer", Constraints: &Constraints{Required: true, Unique: true}},
				str("title", "", required()), str("publisher", "", nil), str("url", "", nil),
				str("published", "publication date to the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD",
					&Constraints{Pattern: partialDate}),
				str("standing", "the standing of the source, best first: publisher (the publisher's own site), "+
					"official_media, other_media, repost (a repost or aggregator), estimate (a secondary estimate); "+
					"derived from the URL's host by a reviewed list, overridden per source by the catalogue; "+
					"empty: not assessed", enum(false, record.SourceStandings())),
			},
			PrimaryKey: []string{"id"},
		}),
		res("observations", "Observations",
			"Every published value, every vintage: a later publication of the same period's value is a new vintage; "+
				"the latest (current = true) is the current value.", Schema{
				Fields: []Field{
					str("indicator", "", required()), str("region", "", required()),
					year("year", "", true),
					{Name: "month", Type: "integer", Description: "0 for a yearly value, else 1-12",
						Constraints: &Constraints{Required: true, Minimum: intp(0), Maximum: intp(12)}},
					{Name: "value", Type: "number", Description: "the value exactly as published, in the indicator's unit",
						Constraints: required()},
					str("flag", "qualifier kept from the source", enum(false, record.ObservationFlags())),
					{Name: "source_id", Type: "integer", Constraints: required()},
					{Name: "vintage", Type: "integer", Description: "1 = the first publication of this period's value",
						Constraints: &Constraints{Required: true, Minimum: intp(1)}},
					{Name: "vintages", Type: "integer", Description: "number of publications of this period's value",
						Constraints: &Constraints{Required: true, Minimum: intp(1)}},
					{Name: "current", Type: "boolean", Description: "the latest vintage, the current value",
						Constraints: required()},
					str("note", "", nil), str("quote", "the sentence of the source that states the value", nil),
				},
				PrimaryKey: []string{"indicator", "region", "year", "month", "source_id"},
				ForeignKeys: []ForeignKey{fk("indicator", "indicators", "code"), fk("region", "regions", "code"),
					fk("source_id", "sources", "id")},
			}),
		res("targets", "Targets", "Official targets: a level, a cap, a floor, or a % change relative to a base year.", Schema{
			Fields: []Field{
				{Name: "id", Type: "integer", Constraints: &Constraints{Required: true, Unique: true}},
				str("indicator", "", required()), str("region", "", required()),
				year("year", "target year", true),
				{Name: "value", Type: "number", Description: "kind change: % relative to base_year", Constraints: required()},
				str("kind", "", enum(true, record.TargetKinds())),
				year("base_year", "required for kind change", false),
				{Name: "binding", Type: "boolean", Constraints: required()},
				str("plan", "plan family: "+strings.Join(record.PlanCodes(), ", "), required()),
				str("document", "", required()),
				str("document_zh", "the document's Chinese name; empty: none known", nil),
				str("issuer", "", nil),
				str("issued", "date issued: YYYY, YYYY-MM or YYYY-MM-DD", &Constraints{Pattern: partialDate}),
				str("flag", "", enum(false, record.TargetFlags())),
				str("note", "", nil), str("quote", "", nil),
				{Name: "source_id", Type: "integer", Constraints: required()},
			},
			PrimaryKey: []string{"id"},
			ForeignKeys: []ForeignKey{fk("indicator", "indicators", "code"), fk("region", "regions", "code"),
				fk("source_id", "sources", "id")},
		}),
		res("events", "Policy events", "Dated policy events that annotate the charts.", Schema{
			Fields: []Field{
				{Name: "id", Type: "integer", Constraints: &Constraints{Required: true, Unique: true}},
				{Name: "date", Type: "date", Constraints: required()},
				str("title_en", "", required()), str("title_zh", "", nil), str("issuer", "", nil),
				str("indicator", "empty: the event concerns every indicator", nil),
				{Name: "source_id", Type: "integer"},
			},
			PrimaryKey:  []string{"id"},
			ForeignKeys: []ForeignKey{fk("indicator", "indicators", "code"), fk("source_id", "sources", "id")},
		}),
		res("assessments", "Assessments",
			"Official ratings of the regions' progress as published, such as the NDRC's dual-control barometer "+
				"(red, yellow, green) of the first half of 2021, with the document that published them.", Schema{
				Fields: []Field{
					str("code", "stable identifier", &Constraints{Required: true, Unique: true, Pattern: `[a-z][a-z0-9_]{1,62}`}),
					str("indicator", "the indicator rated; empty: none", nil),
					str("period", "the period rated: YYYY, YYYYH1/H2 (a half year) or YYYYQ1-4",
						&Constraints{Required: true, Pattern: `\d{4}(H[12]|Q[1-4])?`}),
					str("name_en", "", required()), str("name_zh", "", required()),
					str("document", "", required()),
					str("document_zh", "the document's Chinese name; empty: none known", nil),
					str("issuer", "", nil),
					str("issued", "date issued: YYYY, YYYY-MM or YYYY-MM-DD", &Constraints{Pattern: partialDate}),
					str("note", "", nil),
					{Name: "source_id", Type: "integer", Constraints: required()},
				},
				PrimaryKey:  []string{"code"},
				ForeignKeys: []ForeignKey{fk("indicator", "indicators", "code"), fk("source_id", "sources", "id")},
			}),
		res("ratings", "Ratings", "Each region's rating in an assessment, as published, with the line that states it.", Schema{
			Fields: []Field{
				str("assessment", "", required()), str("region", "", required()),
				str("rating", "red: level 1 (一级预警); yellow: level 2; green: level 3", enum(true, record.RatingColours())),
				str("quote", "", nil),
			},
			PrimaryKey:  []string{"assessment", "region"},
			ForeignKeys: []ForeignKey{fk("assessment", "assessments", "code"), fk("region", "regions", "code")},
		}),
	}
}

// NewDescriptor is datapackage.json for a dataset as of asOf ("" = as it stands).
func NewDescriptor(version int64, asOf record.AsOf) Descriptor {
	return Descriptor{
		Profile: "tabular-data-package", Name: PackageName,
		Title: "dualcarbon: China's green-transition indicators and official targets",
		Description: "Indicators of China's energy transition, carbon intensity, air and water quality, ecology and " +
			"carbon market, every published value with its source and vintage, the official targets and policy events.",
		Version:  "0.0." + strconv.FormatInt(version, 10),
		Citation: Citation, Licence: LicenceNote, AsOf: asOf, Resources: resources(),
		Licenses: []License{{Name: Licence, Path: LicenceURL, Title: LicenceName}},
	}
}

// WritePackage writes the dataset as a zip: datapackage.json, README.md and
// one CSV per resource. The same data gives the same bytes.
func WritePackage(w io.Writer, ds Dataset) error {
	zw := zip.NewWriter(w)
	desc := NewDescriptor(ds.Version, ds.AsOf)
	file := func(name string, write func(io.Writer) error) error {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(f, 64<<10)
		if err := write(bw); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return bw.Flush()
	}
	if err := file("datapackage.json", func(w io.Writer) error {
		b, err := json.MarshalIndent(desc, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	}); err != nil {
		return err
	}
	if err := file("README.md", func(w io.Writer) error { return writeReadme(w, desc) }); err != nil {
		return err
	}
	writers := map[string]func(io.Writer) error{
		"regions":      ds.writeRegions,
		"indicators":   ds.writeIndicators,
		"sources":      ds.writeSources,
		"observations": ds.writeObservations,
		"targets":      ds.writeTargets,
		"events":       ds.writeEvents,
		"assessments":  ds.writeAssessments,
		"ratings":      ds.writeRatings,
	}
	for _, r := range desc.Resources {
		if err := file(r.Path, writers[r.Name]); err != nil {
			return err
		}
	}
	return zw.Close()
}

func header(r string) []string {
	for _, res := range resources() {
		if res.Name == r {
			h := make([]string, len(res.Schema.Fields))
			for i, f := range res.Schema.Fields {
				h[i] = f.Name
			}
			return h
		}
	}
	panic("export: no resource " + r)
}

// numericFields names the fields of a resource that are not strings.
func numericFields(r string) []string {
	var out []string
	for _, res := range resources() {
		if res.Name == r {
			for _, f := range res.Schema.Fields {
				if f.Type != "string" {
					out = append(out, f.Name)
				}
			}
		}
	}
	return out
}

func openTable(w io.Writer, name string) (*table, error) {
	return newTable(w, header(name), numericFields(name)...)
}

func optYear(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

func id(i int64) string { return strconv.FormatInt(i, 10) }

func (ds Dataset) writeRegions(w io.Writer) error {
	t, err := openTable(w, "regions")
	if err != nil {
		return err
	}
	for _, r := range ds.Regions {
		if err := t.write(r.Code, r.NameEN, r.NameZH, r.Level, r.OfficialEN, r.OfficialZH); err != nil {
			return err
		}
	}
	return t.flush()
}

func (ds Dataset) writeIndicators(w io.Writer) error {
	t, err := openTable(w, "indicators")
	if err != nil {
		return err
	}
	for _, in := range ds.Indicators {
		if err := t.write(in.Code, in.NameEN, in.NameZH, in.Unit, in.UnitZH, in.DefinitionEN, in.DefinitionZH,
			in.Category, in.Direction, strconv.Itoa(in.Precision), in.Measure, optYear(in.BreakYear),
			in.BreakNoteEN, in.BreakNoteZH, strconv.Itoa(in.SortOrder)); err != nil {
			return err
		}
	}
	return t.flush()
}

func (ds Dataset) writeSources(w io.Writer) error {
	t, err := openTable(w, "sources")
	if err != nil {
		return err
	}
	for _, s := range ds.Sources {
		if err := t.write(id(s.ID), s.Title, s.Publisher, s.URL, s.Published, s.Standing); err != nil {
			return err
		}
	}
	return t.flush()
}

func (ds Dataset) writeObservations(w io.Writer) error {
	t, err := openTable(w, "observations")
	if err != nil {
		return err
	}
	if ds.Observations != nil {
		err = ds.Observations(func(o *record.ExportRow) error {
			return t.write(o.Indicator, o.Region, strconv.Itoa(o.Year), strconv.Itoa(o.Month), o.Value, o.Flag,
				id(o.Source.ID), strconv.Itoa(o.Vintage), strconv.Itoa(o.Vintages), strconv.FormatBool(o.Current()),
				o.Note, o.Quote)
		})
		if err != nil {
			return err
		}
	}
	return t.flush()
}

func (ds Dataset) writeTargets(w io.Writer) error {
	t, err := openTable(w, "targets")
	if err != nil {
		return err
	}
	for _, g := range ds.Targets {
		if err := t.write(id(g.ID), g.Indicator, g.Region, strconv.Itoa(g.Year), g.Value, g.Kind, optYear(g.BaseYear),
			strconv.FormatBool(g.Binding), g.Plan, g.Document, g.DocumentZH, g.Issuer, g.Issued, g.Flag, g.Note, g.Quote,
			id(g.Source.ID)); err != nil {
			return err
		}
	}
	return t.flush()
}

func (ds Dataset) writeEvents(w io.Writer) error {
	t, err := openTable(w, "events")
	if err != nil {
		return err
	}
	for _, e := range ds.Events {
		src := ""
		if e.Source != nil {
			src = id(e.Source.ID)
		}
		if err := t.write(id(e.ID), e.Date.Format(time.DateOnly), e.TitleEN, e.TitleZH, e.Issuer, e.Indicator, src); err != nil {
			return err
		}
	}
	return t.flush()
}

func (ds Dataset) writeAssessments(w io.Writer) error {
	t, err := openTable(w, "assessments")
	if err != nil {
		return err
	}
	for _, a := range ds.Assessments {
		if err := t.write(a.Code, a.Indicator, a.Period, a.NameEN, a.NameZH, a.Document, a.DocumentZH, a.Issuer,
			a.Issued, a.Note, id(a.Source.ID)); err != nil {
			return err
		}
	}
	return t.flush()
}

func (ds Dataset) writeRatings(w io.Writer) error {
	t, err := openTable(w, "ratings")
	if err != nil {
		return err
	}
	for _, a := range ds.Assessments {
		for _, r := range a.Ratings {
			if err := t.write(a.Code, r.Region, r.Rating, r.Quote); err != nil {
				return err
			}
		}
	}
	return t.flush()
}

func writeReadme(w io.Writer, d Descriptor) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n%s\n\nData version %s. A Frictionless Data Package: datapackage.json describes every file "+
		"and field (types, primary and foreign keys).\n\n", d.Title, d.Description, d.Version)
	if d.AsOf != "" {
		fmt.Fprintf(&b, "As of %s: only the figures published by that day, the targets issued and the events dated by "+
			"then; a date known only to the month or year counts from its first day.\n\n", d.AsOf)
	}
	b.WriteString("## Files\n\n")
	for _, r := range d.Resources {
		fmt.Fprintf(&b, "- `%s`: %s\n", r.Path, strings.TrimSuffix(r.Description, " "+csvNote))
	}
	fmt.Fprintf(&b, "\nCSV: UTF-8 without a byte-order mark, comma-separated, a header row; an empty cell is a missing value. "+
		"%s\n\n", csvNote)
	fmt.Fprintf(&b, "## Citation\n\n%s\n\n## Licence\n\n%s\n", d.Citation, d.Licence)
	_, err := io.WriteString(w, b.String())
	return err
}

// Store is what a dataset is read from; *db.DB implements it (db.DB.ReadTables).
type Store interface {
	// ReadTables calls fn with the reads of one snapshot, valid while fn runs.
	ReadTables(ctx context.Context, fn func(record.Tables) error) error
}

// ReadDataset reads every table of the package from one snapshot of the database and calls fn with the
// dataset while the snapshot lasts: the observations stream from the same snapshot as fn writes them, so a
// seed run committing meanwhile is wholly in the package or not at all. ctx bounds the whole read, the
// streaming of the observations included. asOf keeps what had been published by then ("" = everything).
func ReadDataset(ctx context.Context, s Store, asOf record.AsOf, fn func(Dataset) error) error {
	return s.ReadTables(ctx, func(t record.Tables) error {
		ds, err := readTables(ctx, t, asOf)
		if err != nil {
			return err
		}
		return fn(ds)
	})
}

func readTables(ctx context.Context, snap record.Tables, asOf record.AsOf) (Dataset, error) {
	ds := Dataset{AsOf: asOf}
	// The counts of changes as of the snapshot, so the version names the bytes of the package: it grows with
	// every committed statement that writes rows of the indicators, sources, observations, targets or events,
	// the seed's or plain SQL's, and stays when nothing was written (the triggers of migrations/0006). The
	// regions are not counted: only migrations write them.
	v, err := snap.Version(ctx)
	if err != nil {
		return ds, err
	}
	ds.Version = v
	if ds.Regions, err = snap.Regions(ctx); err != nil {
		return ds, err
	}
	if ds.Indicators, err = snap.Indicators(ctx); err != nil {
		return ds, err
	}
	if ds.Sources, err = snap.Sources(ctx, asOf); err != nil {
		return ds, err
	}
	if ds.Targets, err = snap.Targets(ctx, asOf); err != nil {
		return ds, err
	}
	if ds.Events, err = snap.Events(ctx, asOf); err != nil {
		return ds, err
	}
	if ds.Assessments, err = snap.Assessments(ctx, asOf); err != nil {
		return ds, err
	}
	ds.Sources = withSourcesOf(ds.Sources, ds.Assessments)
	ds.Observations = func(fn func(*record.ExportRow) error) error { return snap.ExportObservations(ctx, "", asOf, fn) }
	return ds, nil
}

// withSourcesOf adds to sources (ordered by id) the source of each assessment that is not among them: an
// assessment issued by the as-of date may be known from a source published later, as a target may.
func withSourcesOf(sources []record.Source, as []record.Assessment) []record.Source {
	have := make(map[int64]bool, len(sources))
	for _, s := range sources {
		have[s.ID] = true
	}
	for _, a := range as {
		if !have[a.Source.ID] {
			have[a.Source.ID] = true
			sources = append(sources, a.Source)
		}
	}
	slices.SortFunc(sources, func(a, b record.Source) int { return cmp.Compare(a.ID, b.ID) })
	return sources
}
