package osmimport_test

import (
	"context"
	"fmt"
	"strings"

	"wardmap/gis/osmimport"
)

func ExampleRead() {
	doc := `<osm>
 <node id="1" lat="20.800" lon="106.600"/>
 <node id="2" lat="20.800" lon="106.601"/>
 <node id="3" lat="20.800" lon="106.602"/>
 <node id="4" lat="20.801" lon="106.601"/>
 <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="primary"/><tag k="name" v="Trần Thành Ngọ"/></way>
 <way id="11"><nd ref="2"/><nd ref="4"/><tag k="highway" v="residential"/><tag k="oneway" v="yes"/></way>
</osm>`
	var c osmimport.Collector
	st, err := osmimport.Read(context.Background(), strings.NewReader(doc), osmimport.FormatXML, osmimport.Options{}, &c)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range c.Segments {
		fmt.Printf("way %d part %d: %d→%d %s %q oneway=%d %.0f m\n", s.WayID, s.Index, s.FromNode, s.ToNode, s.Class, s.Name, s.Oneway, s.LengthM)
	}
	fmt.Println(st.StreetWays, "streets,", st.Segments, "segments")
	// Output:
	// way 10 part 0: 1→2 main "Trần Thành Ngọ" oneway=0 104 m
	// way 10 part 1: 2→3 main "Trần Thành Ngọ" oneway=0 104 m
	// way 11 part 0: 2→4 alley "" oneway=1 111 m
	// 2 streets, 3 segments
}
