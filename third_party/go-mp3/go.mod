module github.com/hajimehoshi/go-mp3

go 1.14

require github.com/hajimehoshi/oto/v2 v2.3.1
