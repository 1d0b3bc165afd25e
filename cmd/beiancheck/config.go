package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"
)

// defaultConfig is read from the working directory when present.
const defaultConfig = "beiancheck.yaml"

// configArgs finds --config in args (it must be known before the flags
// are parsed) and returns the remaining arguments and the file to read:
// the one named, else beiancheck.yaml when it exists, else "".
func configArgs(args []string) ([]string, string, error) {
	var rest []string
	path := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			rest = append(rest, args[i:]...)
			i = len(args)
		case a == "--config":
			if i+1 >= len(args) {
				return nil, "", errors.New("--config needs a FILE")
			}
			path = args[i+1]
			i++
		case strings.HasPrefix(a, "--config="):
			path = strings.TrimPrefix(a, "--config=")
		default:
			rest = append(rest, a)
		}
	}
	if path != "" {
		return rest, path, nil
	}
	if _, err := os.Stat(defaultConfig); err == nil {
		return rest, defaultConfig, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, "", fmt.Errorf("%s: %w", defaultConfig, err)
	}
	return rest, "", nil
}

// readConfig turns a config file into flag arguments and targets. Every
// key is a flag name of the command (a list gives the flag once per item,
// "level" may be a mapping of rule to level), plus "targets". An unknown
// key or a value of the wrong shape is an error naming the line.
func readConfig(path string, fs *pflag.FlagSet) (flags, targets []string, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("config: %w", err)
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil, nil
		}
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(doc.Content) == 0 {
		return nil, nil, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, nil, fmt.Errorf("%s:%d: the config must be a mapping of flag names to values", path, root.Line)
	}
	first := map[string]int{} // key: the line it was first given at
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		name := k.Value
		where := fmt.Sprintf("%s:%d", path, k.Line)
		if line, ok := first[name]; ok {
			// A YAML mapping has each key once; a list is how a
			// repeatable flag takes several values.
			return nil, nil, fmt.Errorf("%s: %s given twice (first at line %d): give it once, with a list for several values", where, name, line)
		}
		first[name] = k.Line
		if name == "targets" {
			items, err := scalars(v)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: targets: %w", where, err)
			}
			targets = append(targets, items...)
			continue
		}
		f := fs.Lookup(name)
		if f == nil || name == "help" || name == "config" {
			return nil, nil, fmt.Errorf("%s: unknown key %q (keys are the flag names of beiancheck %s, and targets)", where, name, fs.Name())
		}
		if name == "level" && v.Kind == yaml.MappingNode {
			for j := 0; j+1 < len(v.Content); j += 2 {
				flags = append(flags, "--level="+v.Content[j].Value+"="+v.Content[j+1].Value)
			}
			continue
		}
		items, err := scalars(v)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %s: %w", where, name, err)
		}
		if v.Kind == yaml.SequenceNode && !strings.Contains(f.Value.Type(), "Array") && f.Value.Type() != "stringSlice" {
			if name == "viewport" {
				items = []string{strings.Join(items, ",")}
			} else {
				return nil, nil, fmt.Errorf("%s: %s takes one value, not a list", where, name)
			}
		}
		for _, it := range items {
			flags = append(flags, "--"+name+"="+it)
		}
	}
	return flags, targets, nil
}

// scalars reads a scalar or a list of scalars.
func scalars(v *yaml.Node) ([]string, error) {
	switch v.Kind {
	case yaml.ScalarNode:
		return []string{v.Value}, nil
	case yaml.SequenceNode:
		out := make([]string, 0, len(v.Content))
		for _, it := range v.Content {
			if it.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("line %d: want a plain value", it.Line)
			}
			out = append(out, it.Value)
		}
		return out, nil
	}
	return nil, fmt.Errorf("line %d: want a value or a list of values", v.Line)
}
